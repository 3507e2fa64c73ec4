// The offline plan as a user runs it: `webstack plan <stack>` on the repository's stack files and on broken ones.
using WebStack.Local.Commands;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

public sealed class PlanCommandTests
{
    private static (int Code, string Output, string Errors) Plan(string directory, string stack)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = PlanCommand.Run(StackFiles.Find(directory), stack, output, errors);
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
