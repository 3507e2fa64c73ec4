// The user data a server boots with: valid bash (bash -n, shellcheck), under EC2's size limit, refusing malformed
// inputs, and run for real (with AWS, dnf and systemd replaced by recording fakes, in a private mount namespace):
// it writes the nginx config, the units and a root-only env file, and a second run changes nothing.
using System.Text;
using WebStack.Core.Apps;
using WebStack.Core.Database;
using WebStack.Core.Naming;
using WebStack.Core.Servers;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Core.Tests.Servers;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UserDataScriptTests(ITestOutputHelper output)
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webstack-dev-db-AbCdEf";

    private const string AppSecretsArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webstack-dev-app-secrets-default-XyZ123";

    private static BootstrapInputs Inputs(ServerPlan plan, string sha) =>
        BootstrapInputs.For("us-east-1", "webstack-dev-app-3f9a2c1", SecretArn,
            TestApps.Packages(plan, sha, site => site.App.Secrets.Count > 0 ? AppSecretsArn : null), Monitoring());

    /// <summary>The stack's log groups as the provider names them (the part, '-', 7 hex), or of the given length.</summary>
    internal static ServerMonitoring Monitoring(int? groupNameLength = null) => new(
        ServerLogs.Keys.ToDictionary(key => key, key => groupNameLength is { } length
            ? $"webstack-dev-logs-{key}-".PadRight(length, 'x')
            : $"webstack-dev-logs-{key}-0a1b2c3"),
        "webstack-dev");

    private static readonly string AnySha = new('a', 64);

    private static string Render(params (string Name, string Value)[] settings)
    {
        var plan = StackPlan.From(Config.Valid(settings));
        return plan.UserData(Inputs(plan.Server, AnySha));
    }

    /// <summary>A stack whose app has a secret (webstack:stripeKey, stored as a secret) and a plain variable.</summary>
    private static StackPlan PlanWithSecret(params (string Name, string Value)[] settings) => StackPlan.From(Config.AssertValid(Config.ReadValues("dev",
    [
        ("app", ConfigValue.Plain("""{"project":"app/WebStack.App/WebStack.App.csproj","healthPath":"/health/live","releaseCommand":["./WebStack.App","--migrate"],"staticDir":"wwwroot","env":{"FEATURE_FLAGS":"a=1; b=\"two\" $HOME"},"secrets":{"STRIPE_KEY":"stripeKey"}}""")),
        ("stripeKey", ConfigValue.Secret("unused: the servers read the value from Secrets Manager")),
        .. settings.Select(setting => (setting.Name, ConfigValue.Plain(setting.Value))),
    ])));

    public static TheoryData<string, string> Variations => new()
    {
        { "dev defaults", "" },
        { "eight processes", "appProcesses=8" },
        { "two sites", "sites=[{\"name\":\"blog\",\"serverName\":\"blog.example.com\",\"processes\":2},{\"name\":\"shop\",\"serverName\":\"shop.example.com\"}]" },
        { "prod", "profile=prod" },
        { "a jar on Corretto 21 with its static folder and no release command", "app={\"jar\":\"build/shop.jar\",\"staticDir\":\"public\"}" },
        { "a package with a command and a release command", "app={\"package\":\"dist/shop.tar.gz\",\"command\":[\"./bin/shop\",\"serve\"],\"releaseCommand\":\"./bin/shop migrate\",\"healthPath\":\"/up\"}" },
    };

    private static (string, string)[] Parse(string settings) =>
        settings.Length == 0 ? [] : settings.Split(';').Select(pair => pair.Split('=', 2)).Select(pair => (pair[0], pair[1])).ToArray();

    [SkippableTheory]
    [MemberData(nameof(Variations))]
    public void Bash_and_shellcheck_accept_the_user_data(string name, string settings)
    {
        var shellcheck = Tools.Require("shellcheck", "the user data's shell style");
        using var directory = new TempDirectory();
        var script = directory.Write("user-data.sh", Render(Parse(settings)));

        var syntax = Tools.Run("bash", ["-n", script]);
        var lint = Tools.Run(shellcheck, ["--severity=style", script]);

        Assert.True(syntax.ExitCode == 0, $"{name}: bash -n refused the user data:\n{syntax}");
        Assert.True(lint.ExitCode == 0, $"{name}: shellcheck found problems:\n{lint}");
    }

    [Fact]
    public void The_user_data_carries_the_rendered_nginx_config_and_one_unit_template_per_site()
    {
        var settings = Config.Valid(("appProcesses", "3"), ("sites", "[{\"name\":\"blog\",\"serverName\":\"blog.example.com\"}]"));
        var plan = StackPlan.From(settings);

        var script = plan.UserData(Inputs(plan.Server, AnySha));

        Assert.Contains(NginxConfig.Render(plan.Server, plan.ServerLayout), script);
        Assert.Contains("write_file '/etc/systemd/system/webstack-default@.service'", script);
        Assert.Contains("write_file '/etc/systemd/system/webstack-blog@.service'", script);
        Assert.Contains("for port in 5001 5002 5003; do", script);
        Assert.Contains("for port in 5004 5005 5006; do", script);
        Assert.Contains("systemctl enable --quiet nginx", script);
        Assert.Contains("httpd_can_network_connect", script);
    }

    [Fact]
    public void The_largest_configuration_the_settings_allow_still_fits_in_EC2s_user_data_limit()
    {
        var sites = "[" + string.Join(",", Enumerable.Range(0, StackSettingsReader.MaxTotalProcesses - 1)
            .Select(i => $"{{\"name\":\"site{i:00}-abcdefghijklm\",\"serverName\":\"{new string('a', 60)}.{new string('b', 60)}.{new string('c', 60)}.example{i}.com\",\"processes\":1}}")) + "]";
        // HTTPS on a name with HSTS too: the nginx config grows by the HSTS map and one add_header per site.
        var plan = StackPlan.From(Config.Valid(("appProcesses", "1"), ("azCount", "6"), ("sites", sites),
            ("domainName", "www.example.com"), ("hostedZone", "example.com"), ("hstsMaxAgeSeconds", "63072000")));
        var longArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + new string('x', 200);

        var packages = plan.Server.Sites.ToDictionary(site => site.Name, site => new SitePackage(AppPackage.ObjectKeyOf(site.Name, AnySha), AnySha,
            AppCommand.Of("./" + new string('x', 200), new string('y', 1000)), longArn));
        var script = plan.UserData(BootstrapInputs.For("ap-southeast-2", new string('b', 63), longArn, packages,
            Monitoring(groupNameLength: NameRules.LogGroup.ProviderMaxLength) with { MetricsStack = new string('s', 255) }));
        var userData = UserDataScript.ToLaunchTemplateUserData(script);
        output.WriteLine($"the largest configuration's user data: {Encoding.UTF8.GetByteCount(script)} bytes, {Convert.FromBase64String(userData).Length} compressed (EC2 takes {UserDataScript.MaxBytes})");

        Assert.True(Encoding.UTF8.GetByteCount(script) > UserDataScript.MaxBytes, "the test should exercise compression");
        Assert.True(Convert.FromBase64String(userData).Length <= UserDataScript.MaxBytes);
        Assert.Equal(script, UserDataScript.FromLaunchTemplateUserData(userData));
    }

    [Fact]
    public void The_compressed_user_data_is_the_same_bytes_for_the_same_script()
    {
        var script = Render();

        Assert.Equal(UserDataScript.ToLaunchTemplateUserData(script), UserDataScript.ToLaunchTemplateUserData(script));
        Assert.Equal(0x1f, UserDataScript.Compress(script)[0]);
    }

    [Fact]
    public void Malformed_inputs_are_refused_with_every_problem_named()
    {
        var plan = StackPlan.From(Config.Valid());
        var bad = new BootstrapInputs("us-east-1'; rm -rf /", "Bad_Bucket", "arn:aws:s3:::not-a-secret", $"ca/rds-us-east-2-{AnySha}.pem", "not-a-hash")
        {
            Monitoring = new ServerMonitoring(new Dictionary<string, string> { [ServerLogs.App] = "app logs", ["other"] = "x" }, "dev\"stack"),
            Sites = new Dictionary<string, SitePackage> { ["default"] = new("app/other.tar.gz", AnySha, TestApps.SampleLaunch.Start, "arn:aws:s3:::nope") },
        };

        var exception = Assert.Throws<ArgumentException>(() => plan.UserData(bad));

        Assert.Contains("region \"us-east-1'; rm -rf /\"", exception.Message);
        Assert.Contains("package bucket \"Bad_Bucket\"", exception.Message);
        Assert.Contains("site default: package key \"app/other.tar.gz\" must be app/<site>/<hash>.tar.gz", exception.Message);
        Assert.Contains("site default: secrets \"arn:aws:s3:::nope\" is not a Secrets Manager secret ARN", exception.Message);
        Assert.Contains("database secret \"arn:aws:s3:::not-a-secret\"", exception.Message);
        Assert.Contains("no log group for the server log nginx-access", exception.Message);
        Assert.Contains("log group \"app logs\" (for app) is not a CloudWatch Logs group name", exception.Message);
        Assert.Contains("log group \"x\" is for other, which is not a server log", exception.Message);
        Assert.Contains("metrics stack \"dev\"stack\"", exception.Message);
        Assert.Contains("RDS root certificates hash \"not-a-hash\"", exception.Message);
    }

    [Fact]
    public void A_root_certificates_key_that_is_not_the_regions_own_file_is_refused()
    {
        var plan = StackPlan.From(Config.Valid());
        var inputs = Inputs(plan.Server, AnySha) with { CaBundleKey = $"ca/rds-us-west-2-{Inputs(plan.Server, AnySha).CaBundleSha256}.pem" };

        var exception = Assert.Throws<ArgumentException>(() => plan.UserData(inputs));

        Assert.Contains("must be ca/rds-<region>-<hash>.pem", exception.Message);
    }

    [Fact]
    public void No_database_password_or_app_secret_is_ever_part_of_the_user_data()
    {
        var plan = PlanWithSecret();
        var script = plan.UserData(Inputs(plan.Server, AnySha));

        Assert.Contains("secretsmanager get-secret-value", script);
        Assert.Contains("\"PGPASSWORD=\" + (.password | q)", script);
        Assert.Contains("\"STRIPE_KEY=\" + (.STRIPE_KEY // error(", script);
        Assert.DoesNotContain("unused: the servers read the value", script);
        Assert.Contains(AppSecretsArn, script);
    }

    // A password of every special character the generated ones may hold, and a secret of everything an env file must carry.
    private const string Password = "p4ss!#%&*()-_=+[]{}<>:?.,;^~";
    private const string StripeKey = "sk_live_'quoted' \"double\" $HOME `uname` back\\slash\nsecond line";

    [SkippableFact]
    public void Run_twice_it_sets_up_the_server_and_the_second_run_changes_nothing()
    {
        Skip.If(!Environment.IsPrivilegedProcess, "running the user data needs root (a private mount namespace over /etc, /opt and /var/log)");
        var unshare = Tools.Require("unshare", "running the user data in a private mount namespace");
        Tools.Require("jq", "the user data's reading of the database secret");
        using var directory = new TempDirectory();
        var publish = directory.Write("publish/WebStack.App", "#!/bin/sh\necho app\n");
        File.SetUnixFileMode(publish, (UnixFileMode)0b111_101_101);
        directory.Write("publish/wwwroot/site.css", "body{}");
        var package = AppPackage.Create(Path.GetDirectoryName(publish)!, directory.File("package.tar.gz"));
        var plan = PlanWithSecret(("appProcesses", "2"));
        var script = directory.Write("user-data.sh", plan.UserData(Inputs(plan.Server, package.Sha256)));
        directory.Write("secret.json", $$"""{"host":"db.internal","port":5432,"dbname":"webstack","username":"webstack","password":"{{Password}}"}""");
        directory.Write("nul-secret.json", """{"host":"db.internal","port":5432,"dbname":"webstack","username":"webstack","password":"a\u0000b"}""");
        directory.Write("app-secret.json", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["STRIPE_KEY"] = StripeKey }));
        directory.Write("rds-ca.pem", RdsCertificateAuthorities.For("us-east-1").Pem);
        directory.Write("forged-ca.pem", RdsCertificateAuthorities.For("us-west-2").Pem);
        WriteFakes(directory, package.Path, directory.File("rds-ca.pem"));
        var driver = directory.Write("drive.sh", DriverScript);

        var result = Tools.Run(unshare, ["--mount", "--propagation", "private", "bash", driver, directory.Path, script], timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, $"the user data failed:\n{result}\nlog:\n{ReadOrEmpty(directory.File("out/bootstrap.log"))}");
        var first = File.ReadAllText(directory.File("out/state-1.txt"));
        var second = File.ReadAllText(directory.File("out/state-2.txt"));
        Assert.Equal(first, second);
        Assert.Contains($"/opt/webstack/sites/default/current 777 l /opt/webstack/releases/{package.Sha256}", first);
        Assert.Contains($"/opt/webstack/releases/{package.Sha256}/WebStack.App 755 f", first);
        Assert.Contains($"{ServerLayout.ReleaseScriptPath} 755 f", first);
        Assert.Contains("/etc/webstack/app.env 600 f", first);
        Assert.Contains("/etc/webstack/default.env 600 f", first);
        Assert.Contains("/etc/nginx/nginx.conf 644 f", first);
        Assert.Contains("/etc/systemd/system/webstack-default@.service 644 f", first);
        Assert.Contains("/etc/systemd/system/webstack-default-release.service 644 f", first);
        Assert.Equal(NginxConfig.Render(plan.Server, plan.ServerLayout), File.ReadAllText(directory.File("out/nginx.conf")));
        Assert.Equal(ReleasePhase.Script(), File.ReadAllText(directory.File("out/webstack-release")));

        // The env file, read the way systemd reads it (POSIX double quotes, as bash sources them), holds every form
        // of the contract with exactly the values the rehearsals give the app for the same database.
        var environment = SourcedEnvironment(directory.File("out/app.env"));
        var expected = DatabaseEnvironment.For(new DatabaseEndpoint("db.internal", 5432, "webstack", "webstack", Password, ServerLayout.DatabaseCaFile));
        foreach (var (name, value) in expected)
        {
            Assert.Equal((name, value), (name, environment.GetValueOrDefault(name)));
        }

        Assert.Equal("i-0123456789abcdef0", environment["WEBSTACK_SERVER_ID"]);
        Assert.Equal(StripeKey, SourcedEnvironment(directory.File("out/default.env"))["STRIPE_KEY"]);
        Assert.Contains($"{ServerLayout.DatabaseCaFile} 644 f", first);
        Assert.Equal(RdsCertificateAuthorities.For("us-east-1").Pem, File.ReadAllText(directory.File("out/rds-ca.pem")));

        var calls = File.ReadAllText(directory.File("out/calls.log"));
        Assert.Contains("systemctl start webstack-default-release.service", calls);
        Assert.True(calls.IndexOf("systemctl start webstack-default-release.service", StringComparison.Ordinal)
            < calls.IndexOf("systemctl restart webstack-default@5001.service", StringComparison.Ordinal), "the release phase runs before the first process starts");
        Assert.Contains("systemctl enable --quiet webstack-default@5001.service", calls);
        Assert.Contains("systemctl enable --quiet webstack-default@5002.service", calls);
        Assert.Contains("systemctl enable --quiet nginx", calls);
        Assert.Contains("systemctl reload-or-restart nginx", calls);
        Assert.Contains("systemctl restart webstack-app-log.service", calls);
        Assert.Contains($"dnf install -y -q nginx jq tar gzip awscli-2 amazon-cloudwatch-agent logrotate {UserDataScript.PostgresClientPackage}", calls);
        Assert.Contains($"amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:{CloudWatchAgentConfig.Path}", calls);
        Assert.Contains("/etc/systemd/system/webstack-app-log.service 644 f", first);
        Assert.Contains("/var/log/webstack 755 d", first);
        Assert.Equal(CloudWatchAgentConfig.Render(ServerLogs.For(plan.ServerLayout), Monitoring().LogGroups, "webstack-dev"),
            File.ReadAllText(directory.File("out/agent.json")));
        Assert.Equal(1, calls.Split('\n').Count(line => line.StartsWith("useradd", StringComparison.Ordinal)));
        // The package once: later runs find it in place. The root certificates once per run that found none in place:
        // the first, the one given forged ones, and the one after it.
        var downloads = calls.Split('\n').Where(line => line.StartsWith("aws s3 cp", StringComparison.Ordinal)).ToList();
        Assert.Single(downloads, line => line.Contains($"/app/default/{package.Sha256}.tar.gz", StringComparison.Ordinal));
        Assert.Equal(3, downloads.Count(line => line.Contains($"/ca/rds-us-east-1-{RdsCertificateAuthorities.For("us-east-1").Sha256}.pem", StringComparison.Ordinal)));
        Assert.Contains($"secretsmanager get-secret-value --region us-east-1 --secret-id {AppSecretsArn}", calls);

        // Root certificates that aren't the pinned file stop the boot before the app is told to trust them.
        Assert.Equal("refused", File.ReadAllText(directory.File("out/forged-ca.txt")).Trim());

        // The one value no env file can carry (a NUL) stops the run and leaves the working env file alone.
        Assert.Equal("refused", File.ReadAllText(directory.File("out/nul.txt")).Trim());
        Assert.Equal(File.ReadAllText(directory.File("out/app.env")), File.ReadAllText(directory.File("out/app-after-nul.env")));
        Assert.Contains("a NUL character in a secret value", File.ReadAllText(directory.File("out/bootstrap.log")));
    }

    /// <summary>Every variable of an env file as bash's double quotes read it, which are the rules systemd's EnvironmentFile= follows.</summary>
    private static Dictionary<string, string> SourcedEnvironment(string file)
    {
        var result = Tools.Run("bash", ["-c", "set -a; . \"$1\"; env -0", "bash", file]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    // Inside the private mount namespace: a copy of /etc and empty /opt and /var/log, then two runs and a snapshot
    // after each, then a run with a secret that must be refused.
    private const string DriverScript = """
        set -euo pipefail
        work=$1
        script=$2
        mkdir -p "$work/out" "$work/etc"
        cp -a /etc/. "$work/etc/"
        mount --bind "$work/etc" /etc
        mount -t tmpfs tmpfs /opt
        mount -t tmpfs tmpfs /var/log
        mount -t tmpfs tmpfs /var/lib
        export PATH="$work/fakes:$PATH" FAKE_STATE="$work/out"
        # The agent's control script, as the amazon-cloudwatch-agent package installs it.
        mkdir -p /opt/aws/amazon-cloudwatch-agent/bin
        cp "$work/fakes/amazon-cloudwatch-agent-ctl" /opt/aws/amazon-cloudwatch-agent/bin/
        snapshot() {
            find /etc/nginx/nginx.conf /etc/systemd/system/nginx.service.d /etc/systemd/system/webstack-default@.service /etc/systemd/system/webstack-default-release.service \
                /etc/webstack /opt/webstack /etc/systemd/system/webstack-app-log.service /etc/systemd/system/webstack-nginx-error-log.service /etc/logrotate.d/webstack \
                /opt/aws/amazon-cloudwatch-agent/etc /var/log/webstack -printf '%p %m %y %l\n' | sort
            find /etc/nginx/nginx.conf /etc/systemd/system/webstack-default@.service /etc/systemd/system/webstack-default-release.service /etc/webstack /opt/webstack \
                /etc/systemd/system/webstack-app-log.service /etc/logrotate.d/webstack /opt/aws/amazon-cloudwatch-agent/etc -type f -exec sha256sum {} + | sort
        }
        FAKE_SECRET="$work/secret.json" bash "$script"
        snapshot > "$work/out/state-1.txt"
        FAKE_SECRET="$work/secret.json" bash "$script"
        snapshot > "$work/out/state-2.txt"
        cp /etc/webstack/app.env "$work/out/app.env"
        cp /etc/webstack/default.env "$work/out/default.env"
        cp /opt/webstack/bin/webstack-release "$work/out/webstack-release"
        cp /etc/webstack/rds-ca.pem "$work/out/rds-ca.pem"
        cp /etc/nginx/nginx.conf "$work/out/nginx.conf"
        cp /opt/aws/amazon-cloudwatch-agent/etc/webstack-agent.json "$work/out/agent.json"
        rm /etc/webstack/rds-ca.pem
        if FAKE_SECRET="$work/secret.json" FAKE_CA="$work/forged-ca.pem" bash "$script" > /dev/null 2>&1; then outcome=accepted; else outcome=refused; fi
        echo "$outcome" > "$work/out/forged-ca.txt"
        FAKE_SECRET="$work/secret.json" bash "$script" > /dev/null 2>&1
        if FAKE_SECRET="$work/nul-secret.json" bash "$script" > /dev/null 2>&1; then outcome=accepted; else outcome=refused; fi
        echo "$outcome" > "$work/out/nul.txt"
        cp /etc/webstack/app.env "$work/out/app-after-nul.env"
        cp /var/log/webstack-bootstrap.log "$work/out/bootstrap.log"
        """;

    private static void WriteFakes(TempDirectory directory, string packagePath, string caPath)
    {
        void Fake(string name, string body)
        {
            var path = directory.Write($"fakes/{name}", "#!/bin/bash\necho \"" + name + " $*\" >> \"$FAKE_STATE/calls.log\"\n" + body + "\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        Fake("dnf", "exit 0");
        Fake("useradd", "touch \"$FAKE_STATE/user-${*: -1}\"");
        Fake("id", "[ -e \"$FAKE_STATE/user-${*: -1}\" ]");
        Fake("systemctl", "exit 0");
        Fake("nginx", "exit 0");
        Fake("amazon-cloudwatch-agent-ctl", "exit 0");
        Fake("rpm", "echo /usr/lib/jvm/java-21-amazon-corretto.x86_64/bin/java");
        Fake("journalctl", "exit 0");
        Fake("aws", $$"""
            case "$1 $*" in
                s3*/ca/rds-*) cp "${FAKE_CA:-{{caPath}}}" "${*: -1}" ;;
                s3*) cp '{{packagePath}}' "${*: -1}" ;;
                secretsmanager*app-secrets*) cat "$FAKE_STATE/../app-secret.json" ;;
                secretsmanager*) cat "$FAKE_SECRET" ;;
                *) exit 2 ;;
            esac
            """);
        Fake("curl", """
            case "$*" in
                *latest/api/token*) echo token ;;
                *meta-data/instance-id*) echo i-0123456789abcdef0 ;;
                *127.0.0.1*/health/live*) printf 200 ;;
                *) exit 7 ;;
            esac
            """);
    }
}
