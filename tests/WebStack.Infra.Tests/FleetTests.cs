// The servers: IMDSv2 and an encrypted root volume, one app subnet per zone, the template's exact latest version,
// desired capacity left to scaling, user data that runs nginx over every app process and holds no password, and an
// instance role that may read exactly the package and the secret.
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Apps;
using WebStack.Core.Database;
using WebStack.Core.Deployment;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed partial class FleetTests
{
    [GeneratedRegex(@"^\s*upstream (?<name>\S+) \{$")]
    private static partial Regex UpstreamLine();

    [GeneratedRegex(@"^\s*server 127\.0\.0\.1:(?<port>\d+) ")]
    private static partial Regex UpstreamServerLine();

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task ServersRequireImdsV2AndBootFromAnEncryptedVolume(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var template = run.Single(ResourceTypes.LaunchTemplate);

        var metadata = template.Map("metadataOptions");
        Assert.Equal("required", metadata.Text("httpTokens"));
        Assert.Equal("enabled", metadata.Text("httpEndpoint"));
        Assert.Equal(1, metadata.Number("httpPutResponseHopLimit"));

        var root = Assert.Single(template.Maps("blockDeviceMappings"));
        Assert.Equal(AppFleet.RootDeviceName, root.Text("deviceName"));
        var ebs = root.Map("ebs");
        Assert.Equal("true", ebs.Text("encrypted"));
        Assert.Equal("gp3", ebs.Text("volumeType"));

        Assert.Equal(run.Plan.Settings.Fleet.InstanceType, template.Text("instanceType"));
        // The image the stack is pinned to, and no lookup of the newest: a new Amazon Linux release rolls nothing by itself.
        Assert.Equal(StackRunner.AmiId, template.Text("imageId"));
        Assert.DoesNotContain(run.Calls, call => call.Token == "aws:ec2/getAmi:getAmi");
        Assert.True(template.Flag("updateDefaultVersion"));
        Assert.Equal(new[] { run.SecurityGroupId(WebStack.Core.Firewall.Tier.App) }, template.Texts("vpcSecurityGroupIds"));

    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheGroupSpansOneAppSubnetPerZoneAndRunsTheTemplatesLatestVersion(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var fleet = run.Plan.Settings.Fleet;
        var group = run.Single(ResourceTypes.AutoScalingGroup);

        var appSubnets = run.SubnetIdsIn(SubnetTier.App);
        Assert.Equal(run.Plan.Settings.Network.AzCount, appSubnets.Count);
        Assert.Equal(appSubnets, group.Texts("vpcZoneIdentifiers"));
        var zones = run.SubnetsIn(SubnetTier.App).Select(subnet => subnet.Text("availabilityZone")).ToList();
        Assert.Equal(zones.Count, zones.Distinct().Count());

        var launchTemplate = group.Map("launchTemplate");
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.LaunchTemplate).Name!), launchTemplate.Text("id"));
        Assert.Equal(MockCloud.LaunchTemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), launchTemplate.Text("version"));

        Assert.Equal(new[] { MockCloud.ArnFor(run.Single(ResourceTypes.TargetGroup).Name!) }, group.Texts("targetGroupArns"));
        Assert.Equal("ELB", group.Text("healthCheckType"));
        // The boot's allowance, and the longest the app's release phase may take (the lock's wait, its run).
        Assert.Equal(DeploymentPolicy.DefaultHealthCheckGraceSeconds + ReleasePhase.UnitTimeoutSeconds(AppSettings.DefaultReleaseTimeoutSeconds), group.Number("healthCheckGracePeriod"));
        Assert.Equal(fleet.MinSize, group.Number("minSize"));
        Assert.Equal(fleet.MaxSize, group.Number("maxSize"));
        Assert.Equal(fleet.DesiredCapacity, group.Number("desiredCapacity"));
    }

    [Theory]
    [InlineData("dev", 1, 200)]
    [InlineData("prod", 3, 150)]
    public async Task AServerThatFailsItsChecksIsReplacedByANewOneBeforeItGoes(string stack, int servers, int maxHealthy)
    {
        var run = await StackRunner.RunAsync(stack);
        var group = run.Single(ResourceTypes.AutoScalingGroup);
        var warmup = run.Plan.Settings.HealthCheck.IntervalSeconds * (run.Plan.Settings.HealthCheck.HealthyThreshold + 1);

        Assert.Equal(servers, group.Number("desiredCapacity"));
        Assert.Equal(warmup, group.Number("defaultInstanceWarmup"));
        // Never below the desired number of healthy servers (a single dev server included): the replacement comes first.
        var maintenance = group.Map("instanceMaintenancePolicy");
        Assert.Equal(100, maintenance.Number("minHealthyPercentage"));
        Assert.Equal(maxHealthy, maintenance.Number("maxHealthyPercentage"));
        Assert.Equal(1, run.Plan.Deployment.BatchSize(servers));
    }

    [Fact]
    public async Task TheScalingPolicyOwnsTheNumberOfServers()
    {
        // The mock engine doesn't pass resource options to IMocks, so the group's options are checked where the
        // program makes them.
        var options = AppFleet.GroupOptions(parent: null, dependsOn: []);
        Assert.Contains("desiredCapacity", options.IgnoreChanges);

        var run = await StackRunner.RunAsync("prod");
        var policy = run.Single(ResourceTypes.ScalingPolicy);
        Assert.Equal(MockCloud.PhysicalNameOf(run.Single(ResourceTypes.AutoScalingGroup)), policy.Text("autoscalingGroupName"));
        Assert.Equal("TargetTrackingScaling", policy.Text("policyType"));
        var target = policy.Map("targetTrackingConfiguration");
        Assert.Equal("ASGAverageCPUUtilization", target.Map("predefinedMetricSpecification").Text("predefinedMetricType"));
        Assert.Equal(run.Plan.Settings.Fleet.ScalingCpuTarget, target.Number("targetValue"));
    }

    [Theory]
    [InlineData("dev", null)]
    [InlineData("prod", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 3}]")]
    public async Task UserDataRunsNginxOverEveryAppProcessAndHoldsNoPassword(string stack, string? sites)
    {
        var settings = new Dictionary<string, string> { ["appProcesses"] = "4" };
        if (sites is not null)
        {
            settings["sites"] = sites;
        }

        var run = await StackRunner.RunAsync(stack, settings);
        var script = UserDataScript.FromLaunchTemplateUserData(run.Single(ResourceTypes.LaunchTemplate).Text("userData"));

        Assert.DoesNotContain(MockCloud.DatabasePassword, script, StringComparison.Ordinal);

        // One upstream per app, with one server line per process, on the planned loopback ports.
        var upstreams = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        List<int>? current = null;
        foreach (var line in script.Split('\n'))
        {
            if (UpstreamLine().Match(line) is { Success: true } upstream)
            {
                current = upstreams[upstream.Groups["name"].Value] = [];
            }
            else if (current is not null && UpstreamServerLine().Match(line) is { Success: true } server)
            {
                current.Add(int.Parse(server.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (line.Trim() == "}")
            {
                current = null;
            }
        }

        Assert.Equal(run.Plan.Server.Sites.Select(site => site.UpstreamName).Order(StringComparer.Ordinal), upstreams.Keys.Order(StringComparer.Ordinal));
        foreach (var site in run.Plan.Server.Sites)
        {
            Assert.Equal(site.Ports, upstreams[site.UpstreamName]);
        }

        Assert.Equal(4, upstreams[run.Plan.Server.DefaultSite.UpstreamName].Count);

        // And it is exactly what the core renders for this stack's bucket, package and secret.
        var package = TestPackage.Package;
        var expected = run.Plan.UserData(BootstrapInputs.For(
            MockCloud.Region,
            MockCloud.BucketNameFor(run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket).Name!),
            MockCloud.SecretArnFor(run.Single(ResourceTypes.Secret).Name!),
            run.Plan.Server.Sites.ToDictionary(site => site.Name, _ => new SitePackage(package.ObjectKeyFor("default"), package.Sha256, TestPackage.Start)),
            new ServerMonitoring(
                ServerLogs.Keys.ToDictionary(key => key, key => MockCloud.AutonameFor(run.Plan.Names.ServerLogGroup(key).Logical)), run.Plan.Names.Base)));
        Assert.Equal(expected, script);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheInstanceRoleReadsExactlyThePackagesTheRootCertificatesAndTheSecretAndWritesOnlyToItsLogGroupsAndAgentMetrics(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var role = run.Named(ResourceTypes.Role, run.Plan.Names.AppRole);
        Assert.Contains("ec2.amazonaws.com", role.Text("assumeRolePolicy"), StringComparison.Ordinal);

        var attachment = Assert.Single(run.OfType(ResourceTypes.RolePolicyAttachment), candidate => candidate.Text("role") == MockCloud.AutonameFor(role.Name!));
        Assert.Equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", attachment.Text("policyArn"));

        var policy = Assert.Single(run.OfType(ResourceTypes.RolePolicy), candidate => candidate.Text("role") == MockCloud.AutonameFor(role.Name!));
        using var document = JsonDocument.Parse(policy.Text("policy"));
        var grants = document.RootElement.GetProperty("Statement").EnumerateArray()
            .Select(statement => (
                Effect: statement.GetProperty("Effect").GetString() ?? "",
                Actions: string.Join(",", statement.GetProperty("Action").EnumerateArray().Select(action => action.GetString())),
                Resources: string.Join(",", statement.GetProperty("Resource").EnumerateArray().Select(resource => resource.GetString()))))
            .OrderBy(grant => grant.Actions, StringComparer.Ordinal)
            .ToList();
        var bucketArn = MockCloud.BucketArnFor(run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket).Name!);
        var objectArns = $"{bucketArn}/app/default/*,{bucketArn}/{RdsCertificateAuthorities.For(MockCloud.Region).ObjectKey}";
        var secretArn = MockCloud.SecretArnFor(run.Single(ResourceTypes.Secret).Name!);
        var logStreams = string.Join(",", ServerLogs.Keys.Select(key => MockCloud.LogGroupArnFor(run.Plan.Names.ServerLogGroup(key).Logical) + ":*"));
        Assert.Equal(
            new[]
            {
                ("Allow", "cloudwatch:PutMetricData", "*"),
                ("Allow", "logs:CreateLogStream,logs:PutLogEvents,logs:DescribeLogStreams", logStreams),
                ("Allow", "s3:GetObject", objectArns),
                ("Allow", "secretsmanager:GetSecretValue", secretArn),
            },
            grants.Select(grant => (grant.Effect, grant.Actions, grant.Resources)));
        // PutMetricData takes no resource: the namespace condition is what keeps the agent to CWAgent.
        var metrics = document.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(statement => statement.GetProperty("Sid").GetString() == "PutAgentMetrics");
        Assert.Equal(CloudWatchAgentConfig.MetricsNamespace, metrics.GetProperty("Condition").GetProperty("StringEquals").GetProperty("cloudwatch:namespace").GetString());
        Assert.All(document.RootElement.GetProperty("Statement").EnumerateArray().Where(statement => statement.GetProperty("Sid").GetString() != "PutAgentMetrics"),
            statement => Assert.False(statement.TryGetProperty("Condition", out _)));

        var profile = run.Single(ResourceTypes.InstanceProfile);
        Assert.Equal(MockCloud.AutonameFor(role.Name!), profile.Text("role"));
        Assert.Equal(MockCloud.ArnFor(profile.Name!), run.Single(ResourceTypes.LaunchTemplate).Map("iamInstanceProfile").Text("arn"));
    }
}
