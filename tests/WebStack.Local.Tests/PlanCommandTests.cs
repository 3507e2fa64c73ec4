// The offline plan as a user runs it: `webstack plan <stack>` on the repository's stack files and on broken ones.
using WebStack.Local.Commands;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

public sealed class PlanCommandTests
{
    internal static (int Code, string Output, string Errors) Plan(string directory, string stack, bool json = false)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = PlanCommand.Run(StackFiles.Find(directory), stack, output, errors, json);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Plan_of_the_dev_stack_prints_settings_subnets_rules_and_sizing()
    {
        var (code, output, errors) = Plan(TestProject.RepositoryRoot, "dev");

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        Assert.Contains("profile dev, region us-east-1", output);
        Assert.Matches(@"appProcesses\s+2\s+stack", output);
        Assert.Matches(@"instanceType\s+t3\.small\s+default", output);
        Assert.Matches(@"app-a\s+app\s+a\s+10\.0\.0\.0/20", output);
        Assert.Matches(@"data-b\s+data\s+b\s+10\.0\.\d+\.0/\d+\s+\d+\s+none \(isolated\)", output);
        Assert.Matches(@"servers\s+->\s+database\s+tcp/5432", output);
        Assert.Contains("one NAT gateway", output);
        Assert.Contains("2 processes of default on 127.0.0.1:5001-5002", output);
    }

    [Theory]
    [InlineData("dev", "max 200 %", "1 server: 1 at a time", "drained for up to 10 s")]
    [InlineData("prod", "max 150 %", "3 servers: 1 at a time", "drained for up to 30 s")]
    public void Plan_shows_how_a_deploy_replaces_the_servers(string stack, string maxHealthy, string batch, string drain)
    {
        var (code, output, _) = Plan(TestProject.RepositoryRoot, stack);

        Assert.Equal(0, code);
        Assert.Contains($"launch before terminate: min 100 % / {maxHealthy} of the desired capacity, so never fewer healthy servers than desired ({batch}", output);
        Assert.Contains(drain, output);
        Assert.Contains("rolls back (the old servers never stopped serving)", output);
        Assert.Contains("skip matching off", output);
        Assert.Contains("started again after 2 s (systemd Restart=on-failure), given up after 10 starts in 60 s", output);
    }

    [Theory]
    [InlineData("dev", "5 of 5 datapoints of 60 s", "greater than 5 %", "kept 7 days")]
    [InlineData("prod", "3 of 3 datapoints of 60 s", "greater than 1 %", "kept 90 days")]
    public void Plan_prints_every_alarm_with_its_threshold_and_window_and_where_the_logs_go(string stack, string window, string errorRate, string retention)
    {
        var (code, output, _) = Plan(TestProject.RepositoryRoot, stack);

        Assert.Equal(0, code);
        var settings = PlanCommand.Load(StackFiles.Find(TestProject.RepositoryRoot), stack).Settings;
        foreach (var alarm in WebStack.Core.Monitoring.AlarmPlan.For(settings).Alarms)
        {
            Assert.Matches($@"\n    {alarm.Key} +{System.Text.RegularExpressions.Regex.Escape(alarm.Condition)} +{System.Text.RegularExpressions.Regex.Escape(alarm.Window)} ", output);
        }

        Assert.Matches($@"\n    target-5xx +{errorRate} +{window} +IF\(requests >= 10, 100 \* FILL\(errors, 0\) / requests, 0\)", output);
        Assert.Contains($"logs           {retention}: /var/log/nginx/access.log -> webstack-{stack}-logs-nginx-access-*", output);
        Assert.Contains("no one is subscribed (set webstack:alarmEmail)", output);
        Assert.Contains("an instance refresh fails and rolls back while it fires", output);
    }

    [Fact]
    public void Plan_of_the_prod_stack_has_three_zones_a_NAT_per_zone_and_a_protected_multi_AZ_database()
    {
        var (code, output, _) = Plan(TestProject.RepositoryRoot, "prod");

        Assert.Equal(0, code);
        Assert.Contains("profile prod", output);
        Assert.Contains("3 NAT gateways, one per zone", output);
        Assert.Matches(@"app-c\s+app\s+c", output);
        Assert.Contains("multi-AZ", output);
        Assert.Contains("deletion protection on, final snapshot on", output);
        Assert.Contains("4 processes of default", output);
    }

    [Fact]
    public void A_stack_file_with_several_mistakes_gets_every_one_reported_and_a_non_zero_exit()
    {
        using var project = new TestProject().WithStack("broken", """
            config:
              aws:region: mars-1
              webstack:minSize: 3
              webstack:maxSize: 2
              webstack:natStrategey: single
              webstack:ingressCidrs: [10.0.0.0/33]
              webstack:dbPassword:
                secure: AAABAGx5c2VjcmV0
            """);

        var (code, output, errors) = Plan(project.Directory, "broken");

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Equal("", output);
        Assert.Contains("has 5 problems; nothing was planned", errors);
        Assert.Contains("minSize (3) is greater than maxSize (2)", errors);
        Assert.Contains("webstack:natStrategey is not a setting of this stack (did you mean natStrategy?)", errors);
        Assert.Contains("\"mars-1\"", errors);
        Assert.Contains("10.0.0.0/33", errors);
        Assert.Contains("webstack:dbPassword is not a setting", errors);
        Assert.DoesNotContain("AAABAGx5c2VjcmV0", errors);
    }

    [Fact]
    public void A_missing_stack_file_names_the_stacks_that_exist()
    {
        var exception = Assert.Throws<UserFacingException>(() => Plan(TestProject.RepositoryRoot, "staging"));

        Assert.Contains("no Pulumi.staging.yaml", exception.Message);
        Assert.Contains("dev, prod", exception.Message);
    }

    [Fact]
    public void Secrets_in_the_stack_file_count_as_set_but_are_never_printed()
    {
        using var project = new TestProject().WithStack("secret", """
            config:
              webstack:sshKeyName:
                secure: AAABAHNlY3JldGtleQ==
              webstack:sshCidrs: 203.0.113.0/24
            """);

        var (code, output, _) = Plan(project.Directory, "secret");

        Assert.Equal(0, code);
        Assert.Matches(@"sshKeyName\s+\[secret\]\s+stack", output);
        Assert.DoesNotContain("AAABAHNlY3JldGtleQ", output);
        Assert.Matches(@"admins 203\.0\.113\.0/24\s+->\s+servers\s+tcp/22", output);
    }

    [Fact]
    public void Plan_of_a_long_stack_name_shows_the_names_cut_to_fit_awss_limits()
    {
        const string stack = "review-feature-very-long-branch-name-2026-11";
        using var project = new TestProject().WithStack(stack, "config:\n  webstack:dbFinalSnapshot: true\n");

        var (code, output, errors) = Plan(project.Directory, stack);

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        Assert.Contains("cut to fit AWS's limits (the Name tag keeps the whole name):", output);
        Assert.Matches(@"RDS DB instance identifier\s+webstack-review-feature-very-long-branch-name-2-[0-9a-f]{4}-db \(at most 55 characters \+ 8 of suffix\)", output);
        Assert.Matches(@"load balancer name\s+webstack-review-[0-9a-f]{4}-alb \(at most 24 characters", output);
        Assert.DoesNotContain("security group name", output);
    }

    [Fact]
    public void Plan_of_a_short_stack_name_cuts_nothing()
    {
        var (code, output, _) = Plan(TestProject.RepositoryRoot, "prod");

        Assert.Equal(0, code);
        Assert.DoesNotContain("cut to fit", output);
    }

    [Fact]
    public void Plan_refuses_a_stack_name_longer_than_pulumi_allows_naming_the_longest_allowed()
    {
        var stack = new string('a', 101);
        using var project = new TestProject().WithStack(stack, "config: {}\n");

        var exception = Assert.Throws<UserFacingException>(() => Plan(project.Directory, stack));

        Assert.Contains("has 101 characters; the longest allowed has 100", exception.Message);
    }

    [Fact]
    public void Plan_refuses_pulumis_autonaming_setting_with_the_other_problems()
    {
        using var project = new TestProject().WithStack("auto", """
            config:
              pulumi:autonaming:
                mode: verbatim
              webstack:minSize: 3
              webstack:maxSize: 2
            """);

        var (code, output, errors) = Plan(project.Directory, "auto");

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Equal("", output);
        Assert.Contains("has 2 problems; nothing was planned", errors);
        Assert.Contains("pulumi:autonaming is set", errors);
        Assert.Contains("minSize (3) is greater than maxSize (2)", errors);
    }
}

public sealed class PlanCostTests
{
    [Fact]
    public void The_plan_shows_the_stacks_name_its_records_the_certificate_and_how_the_database_is_verified()
    {
        using var project = new TestProject().WithStack("dev", """
            config:
              webstack:domainName: WWW.Example.com.
              webstack:hostedZone: example.com
            """);

        var (code, output, _) = Plan(project.Directory, "dev");

        Assert.Equal(0, code);
        Assert.Contains("www.example.com in the public zone example.com", output, StringComparison.Ordinal);
        Assert.Contains("ACM, RSA 2048, for www.example.com, validated through DNS", output, StringComparison.Ordinal);
        Assert.Contains("www.example.com A and AAAA alias -> the load balancer (dualstack", output, StringComparison.Ordinal);
        Assert.Contains("url            https://www.example.com/", output, StringComparison.Ordinal);
        Assert.Contains("HTTPS :443 with ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09; HTTP :80 answers 301", output, StringComparison.Ordinal);
        Assert.Contains("max-age=86400 on answers over HTTPS", output, StringComparison.Ordinal);
        Assert.Contains("verify-full against the pinned RDS roots of us-east-1", output, StringComparison.Ordinal);
        Assert.Contains("rds.force_ssl=1 (postgres17 parameter group)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_name_the_plan_says_the_stack_serves_plain_http_and_still_verifies_the_database()
    {
        using var project = new TestProject().WithStack("dev", "config:\n  webstack:appProcesses: 2\n");

        var (code, output, _) = Plan(project.Directory, "dev");

        Assert.Equal(0, code);
        Assert.Contains("plain HTTP on the load balancer's DNS name", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Strict-Transport-Security", output, StringComparison.Ordinal);
        Assert.Contains("verify-full against the pinned RDS roots", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Errors) Plan(string directory, string stack, bool json = false) =>
        PlanCommandTests.Plan(directory, stack, json);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_plan_ends_with_the_monthly_cost_itemized_dated_and_sourced_and_the_budget(string stack)
    {
        var (code, output, _) = Plan(TestProject.RepositoryRoot, stack);

        Assert.Equal(0, code);
        var cost = output[output.IndexOf("Monthly cost in us-east-1", StringComparison.Ordinal)..];
        Assert.Contains("table compiled 2026-11-29; a month is 730 hours", cost);
        Assert.Matches(@"servers: (t3\.small|m7i\.large)\s+\d[\d,]* / \d[\d,]* h\s+\$0\.\d+/h\s+\$\d", cost);
        Assert.Matches(@"\n  fixed\n", cost);
        Assert.Matches(@"\n  usage-driven \(assumed: \d+ GB/month out through NAT", cost);
        Assert.Matches(@"\n  total\s+\$[\d,]+\.\d\d\s+\$[\d,]+\.\d\d\n", cost);
        Assert.Contains("prices from:", cost);
        Assert.Contains("https://aws.amazon.com/vpc/pricing/", cost);
        Assert.Matches(@"Budget: AWS Budgets monthly cost budget of \$\d+ \(the estimate at maxSize", cost);
        Assert.Contains($"costs tagged Stack={stack}", cost);
        Assert.DoesNotContain("not priced", cost);
    }

    [Fact]
    public void An_unpriced_choice_is_named_and_left_out_of_the_total()
    {
        using var project = new TestProject().WithStack("seoul", """
            config:
              aws:region: ap-northeast-2
              webstack:instanceType: c7i.large
              webstack:alarmEmail: ops@example.com
            """);

        var (code, output, _) = Plan(project.Directory, "seoul");

        Assert.Equal(0, code);
        Assert.Matches(@"servers: c7i\.large\s+730 / 1,460 h\s+no price\s+-\s+-", output);
        Assert.Contains("not priced, left out of the totals: servers: c7i.large (the table has no ap-northeast-2 price for ec2:c7i.large)", output);
        Assert.Contains("tells the alarm topic and e-mails ops@example.com when 80 % of it is spent and the month is forecast past 100 %", output);
        Assert.Contains("the limit leaves out what has no price for ap-northeast-2: servers: c7i.large", output);
    }

    [Fact]
    public void Prod_says_its_database_changes_wait_for_the_maintenance_window_and_how_to_see_them()
    {
        var (_, prod, _) = Plan(TestProject.RepositoryRoot, "prod");
        var (_, dev, _) = Plan(TestProject.RepositoryRoot, "dev");

        Assert.Contains("db changes     wait for the database's weekly maintenance window", prod);
        Assert.Contains("so every pulumi preview shows the same change again", prod);
        Assert.Contains("aws rds describe-db-instances --db-instance-identifier \"$(pulumi stack output DatabaseEndpoint --stack prod | cut -d. -f1)\" --query 'DBInstances[0].PendingModifiedValues'", prod);
        Assert.DoesNotContain("db changes", dev);
    }

    [Fact]
    public void Plan_counts_the_security_controls_and_names_each_one_off_or_not_met()
    {
        var (_, prod, _) = Plan(TestProject.RepositoryRoot, "prod");
        var (_, dev, _) = Plan(TestProject.RepositoryRoot, "dev");

        Assert.Matches(@"Security Hub controls \(FSBP, with CIS 3\.0 and NIST where they add\): \d+ pass, \d+ off, \d+ not met, \d+ for the account, \d+ not applicable", prod);
        Assert.Matches(@"\n  ELB\.1 +off +no certificate: the load balancer answers plain HTTP; turned on by domainName", prod);
        Assert.DoesNotMatch(@"\n  ELB\.6 ", prod);
        Assert.Matches(@"\n  ELB\.6 +off +off so that a destroy removes the stack in one go \(the dev default\); turned on by albDeletionProtection", dev);
        Assert.Matches(@"\n  RDS\.23 +not met ", prod);
    }

    [Fact]
    public void The_json_cost_parses_and_says_what_the_text_says()
    {
        var (_, text, _) = Plan(TestProject.RepositoryRoot, "prod");
        var (code, json, errors) = Plan(TestProject.RepositoryRoot, "prod", json: true);

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        Assert.Equal(730, root.GetProperty("hoursPerMonth").GetInt32());
        var sizes = root.GetProperty("sizes").EnumerateArray().ToList();
        Assert.Equal(["start", "max"], sizes.Select(size => size.GetProperty("name").GetString()));
        string Money(decimal amount) => "$" + amount.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
        var totals = sizes.Select(size => Money(size.GetProperty("totalUsd").GetDecimal())).ToList();
        Assert.Matches($@"\n  total\s+{System.Text.RegularExpressions.Regex.Escape(totals[0])}\s+{System.Text.RegularExpressions.Regex.Escape(totals[1])}\n", text);
        foreach (var line in sizes[0].GetProperty("lines").EnumerateArray())
        {
            Assert.Contains(line.GetProperty("what").GetString()!, text);
            Assert.Contains(Money(line.GetProperty("monthlyUsd").GetDecimal()), text);
        }

        var budget = root.GetProperty("budget");
        Assert.True(budget.GetProperty("enabled").GetBoolean());
        Assert.Contains($"budget of ${budget.GetProperty("limitUsd").GetDecimal()} ", text);
        Assert.Equal("user:Stack$prod", budget.GetProperty("costFilter").GetString());
    }

    [Fact]
    public void A_bad_stack_file_gets_its_problems_even_with_json()
    {
        using var project = new TestProject().WithStack("broken", """
            config:
              webstack:usageAlbLcu: many
              webstack:alarmEmail: nobody
            """);

        var (code, output, errors) = Plan(project.Directory, "broken", json: true);

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Equal("", output);
        Assert.Contains("has 2 problems", errors);
    }
}
