// Deploys as `pulumi up` runs them: the group is created on the template's version and waits for its servers; after
// that Pulumi never moves its version, the program does, with an instance refresh to the new version as its desired
// configuration (so AWS changes the group only when the refresh succeeds), and `up` waits for it. A failed refresh
// fails `up` with why, what the servers said, and that the group still launches the version before; a refresh
// already under way is waited for; a group on the version is left alone; a preview calls nothing. Played against a
// recorded AWS CLI.
using System.Text.Json;
using WebStack.Core.Deployment;
using WebStack.Core.Monitoring;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class FleetDeployTests
{
    private const string Start = "autoscaling start-instance-refresh";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheGroupStartsOnTheTemplatesVersionWaitsForItsServersAndLeavesLaterVersionsToTheDeploy(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var group = run.Single(ResourceTypes.AutoScalingGroup);

        Assert.Equal(MockCloud.LaunchTemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), group.Map("launchTemplate").Text("version"));
        Assert.Equal(run.Plan.Settings.Fleet.DesiredCapacity, group.Number("minElbCapacity"));
        Assert.Equal($"{run.Plan.Deployment.FirstLaunchTimeoutSeconds(run.Plan.Settings.HealthCheck)}s", group.Text("waitForCapacityTimeout"));
        // No refresh of the provider's: it sets the group's new version first and then refreshes to it (#34189).
        Assert.False(group.Has("instanceRefresh"));
        Assert.Contains("launchTemplate", AppFleet.GroupIgnoredChanges);
        Assert.Contains("desiredCapacity", AppFleet.GroupIgnoredChanges);
        Assert.Contains("launchTemplate", AppFleet.GroupOptions(null, []).IgnoreChanges);
    }

    [Fact]
    public async Task AnUpWithNothingNewStartsNoRefresh()
    {
        using var aws = new FakeAwsCli();

        var run = await StackRunner.RunAsync("dev", aws: aws);

        Assert.DoesNotContain(aws.Calls, call => call.StartsWith(Start, StringComparison.Ordinal));
        Assert.Contains(aws.Calls, call => call.StartsWith("autoscaling describe-auto-scaling-groups", StringComparison.Ordinal));
        Assert.Contains("is what", await run.Stack.Deployed.GetValueAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", 100, 200)]
    [InlineData("prod", 100, 150)]
    public async Task ANewVersionIsDeployedByARefreshToItAsTheDesiredConfigurationAndUpWaitsForItsEnd(string stack, int min, int max)
    {
        using var aws = FakeAwsCli.DeployingANewVersion();

        var run = await StackRunner.RunAsync(stack, aws: aws);

        var start = aws.StartCall;
        var template = run.Single(ResourceTypes.LaunchTemplate);
        Assert.Contains($"--desired-configuration {{\"LaunchTemplate\":{{\"LaunchTemplateId\":\"{MockCloud.IdOf(template.Name!)}\",\"Version\":\"3\"}}}}", start, StringComparison.Ordinal);
        var preferences = aws.StartedPreferences;
        Assert.Equal((min, max), (preferences.GetProperty("MinHealthyPercentage").GetInt32(), preferences.GetProperty("MaxHealthyPercentage").GetInt32()));
        Assert.Equal(run.Plan.Deployment.InstanceWarmupSeconds, preferences.GetProperty("InstanceWarmup").GetInt32());
        Assert.True(preferences.GetProperty("AutoRollback").GetBoolean());
        Assert.False(preferences.GetProperty("SkipMatching").GetBoolean());
        var guard = run.Plan.Names.Alarm(AlarmPlan.For(run.Plan.Settings).DeployGuards[0].Key).Logical;
        Assert.Contains(MockCloud.AutonameFor(guard), preferences.GetProperty("AlarmSpecification").GetProperty("Alarms").EnumerateArray().Select(alarm => alarm.GetString()));
        Assert.Contains($"--region {MockCloud.Region} --output json", start, StringComparison.Ordinal);
        // `up` returned only once the refresh had ended, with every server on the new version.
        Assert.Equal(3, aws.Calls.Count(call => call.StartsWith("autoscaling describe-instance-refreshes", StringComparison.Ordinal)));
        Assert.Equal($"release {TestPackage.Package.ReleaseName} (launch template version 3) is out: 2 servers of {MockCloud.AutonameFor(run.Plan.Names.AutoScalingGroup.Logical)} run it, healthy. "
            + $"The release before was {FakeAwsCli.ReleaseBefore}; to go back to it: pulumi up -c webstack:rollbackTo={FakeAwsCli.ReleaseBefore}",
            (await run.Stack.Deployed.GetValueAsync()).Replace("webstack-dev-app-group-0a1b2c3", MockCloud.AutonameFor(run.Plan.Names.AutoScalingGroup.Logical), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefreshThatFailsFailsUpSayingWhyWhatTheServersSaidAndThatTheGroupStillLaunchesTheVersionBefore()
    {
        using var aws = new FakeAwsCli()
            .Answer("autoscaling describe-auto-scaling-groups", FakeAwsCli.Group(2, 1, ("i-old1", 2, "Healthy")))
            .Answer("autoscaling start-instance-refresh", """{"InstanceRefreshId": "r-bad"}""")
            .Answer("autoscaling describe-instance-refreshes", FakeAwsCli.Refresh("r-bad", "InProgress", 0), call: 2)
            .Answer("autoscaling describe-instance-refreshes", FakeAwsCli.Refresh("r-bad", "RollbackSuccessful", 0,
                "The instance refresh failed: 1 instance failed to become healthy in the load balancer's target group."), call: 3)
            .Answer("elbv2 describe-target-health", """
                {"TargetHealthDescriptions": [
                  {"Target": {"Id": "i-old1", "Port": 80}, "TargetHealth": {"State": "healthy"}},
                  {"Target": {"Id": "i-new1", "Port": 80}, "TargetHealth": {"State": "unhealthy", "Reason": "Target.ResponseCodeMismatch", "Description": "Health checks failed with these codes: [502]"}}]}
                """)
            .Answer("autoscaling describe-scaling-activities", """{"Activities": [{"Description": "Launching a new EC2 instance: i-new1", "StatusCode": "Successful"}]}""");

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("dev", aws: aws));

        var message = exception.ToString();
        Assert.Contains($"release {TestPackage.Package.ReleaseName} (launch template version 3) was not deployed: the instance refresh r-bad RollbackSuccessful", message);
        Assert.Contains("1 instance failed to become healthy", message);
        Assert.Contains("The target group says: i-new1 unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])", message);
        Assert.Contains($"still runs, and launches on scale-out and replacement, the release before it, {FakeAwsCli.ReleaseBefore} (launch template version 2)", message);
        Assert.Contains($"to hold the stack on {FakeAwsCli.ReleaseBefore} instead: pulumi up -c webstack:rollbackTo={FakeAwsCli.ReleaseBefore}", message);
        Assert.Contains("What to do:", message);
        Assert.DoesNotContain("i-old1 healthy", message);
    }

    [Fact]
    public async Task RollbackToHoldsTheServersOnTheVersionOfThatReleaseUntilItIsRemoved()
    {
        // The build's release went out and turned out bad; the group runs it.
        using var aws = new FakeAwsCli()
            .Answer("autoscaling describe-auto-scaling-groups", FakeAwsCli.Group(3, 2, ("i-bad1", 3, "Healthy"), ("i-bad2", 3, "Healthy")))
            .Answer("autoscaling describe-auto-scaling-groups", FakeAwsCli.Group(1, 2, ("i-back1", 1, "Healthy"), ("i-back2", 1, "Healthy")), call: 2)
            .Answer("autoscaling start-instance-refresh", """{"InstanceRefreshId": "r-back"}""")
            .Answer("autoscaling describe-instance-refreshes", FakeAwsCli.Refresh("r-back", "Successful", 100), call: 2);

        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["rollbackTo"] = FakeAwsCli.FirstRelease }, aws: aws);

        Assert.Contains("\"Version\":\"1\"", aws.StartCall, StringComparison.Ordinal);
        var deployed = await run.Stack.Deployed.GetValueAsync();
        Assert.StartsWith($"release {FakeAwsCli.FirstRelease} (launch template version 1) is out", deployed, StringComparison.Ordinal);
        Assert.Contains($"Held there by webstack:rollbackTo: the build's release {TestPackage.Package.ReleaseName} (launch template version 3) is not deployed", deployed, StringComparison.Ordinal);

        // The next up, still held: nothing to do.
        using var held = new FakeAwsCli().Answer("autoscaling describe-auto-scaling-groups", FakeAwsCli.Group(1, 2, ("i-back1", 1, "Healthy")));
        var again = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["rollbackTo"] = FakeAwsCli.FirstRelease }, aws: held);
        Assert.DoesNotContain(held.Calls, call => call.StartsWith(Start, StringComparison.Ordinal));
        Assert.StartsWith($"release {FakeAwsCli.FirstRelease} (launch template version 1) is what", await again.Stack.Deployed.GetValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackToAReleaseTheTemplateNeverHadFailsUpListingTheOnesItHad()
    {
        using var aws = new FakeAwsCli();

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("dev", new Dictionary<string, string> { ["rollbackTo"] = "0123456789ab" }, aws: aws));

        Assert.Contains($"webstack:rollbackTo = 0123456789ab: no version of the launch template", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains($"newest first: {TestPackage.Package.ReleaseName}, {FakeAwsCli.ReleaseBefore}, {FakeAwsCli.FirstRelease}. Nothing was changed.", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(aws.Calls, call => call.StartsWith(Start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachTemplateVersionSaysWhichReleasesItCarries()
    {
        var run = await StackRunner.RunAsync("dev");

        var description = run.Single(ResourceTypes.LaunchTemplate).Text("description");
        Assert.EndsWith($"; releases: default={TestPackage.Package.ReleaseName}", description, StringComparison.Ordinal);
        Assert.Equal(TestPackage.Package.ReleaseName, ReleaseHistory.ReleasesOf(description)["default"]);
    }

    [Fact]
    public async Task ARefreshAlreadyUnderWayIsWaitedForFirst()
    {
        using var aws = new FakeAwsCli()
            .Answer("autoscaling describe-instance-refreshes", FakeAwsCli.Refresh("r-earlier", "InProgress", 50))
            .Answer("autoscaling describe-instance-refreshes", FakeAwsCli.Refresh("r-earlier", "Successful", 100), call: 2);

        var run = await StackRunner.RunAsync("dev", aws: aws);

        Assert.DoesNotContain(aws.Calls, call => call.StartsWith(Start, StringComparison.Ordinal));
        Assert.Contains(aws.Calls, call => call.Contains("--instance-refresh-ids r-earlier", StringComparison.Ordinal));
        Assert.Contains("is what", await run.Stack.Deployed.GetValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APreviewDeploysNothing()
    {
        using var aws = new FakeAwsCli();

        await StackRunner.RunAsync("dev", aws: aws, preview: true);

        Assert.Empty(aws.Calls);
    }

    [Fact]
    public async Task TheServersBootThePinnedImageAndNoLookupCouldMoveIt()
    {
        var run = await StackRunner.RunAsync("prod");

        // No invoke asks AWS for an image (the program's invokes are recorded: the zones are looked up): a newer Amazon
        // Linux changes no launch template input until it is pinned.
        Assert.Contains(run.Calls, call => call.Token == "aws:index/getAvailabilityZones:getAvailabilityZones");
        Assert.Equal(StackRunner.AmiId, run.Single(ResourceTypes.LaunchTemplate).Text("imageId"));
        Assert.DoesNotContain(run.Calls, call => (call.Token ?? "").StartsWith("aws:ec2/getAmi", StringComparison.Ordinal) || (call.Token ?? "").StartsWith("aws:ssm/getParameter", StringComparison.Ordinal));
        var repinned = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["ami"] = """{"id": "ami-0f1e2d3c4b5a69788"}""" });
        Assert.Equal("ami-0f1e2d3c4b5a69788", repinned.Single(ResourceTypes.LaunchTemplate).Text("imageId"));
    }

    [Fact]
    public async Task AStackWithoutAPinnedImageStopsBeforeAnyResourceSayingHowToPinOne()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("dev", new Dictionary<string, string> { ["ami"] = StackRunner.Unset }));

        Assert.Contains("ami is not set", exception.ToString());
        Assert.Contains("dotnet run --project local -- ami update dev", exception.ToString());
    }

    [Fact]
    public async Task ThePackageOfTheReleaseBeforeStaysReadableForTheServersTheGroupStillLaunchesAfterAFailedDeploy()
    {
        var run = await StackRunner.RunAsync("prod");

        // Kept in the bucket when the new package replaces it, and within what the servers' role may read.
        Assert.True(PackageStore.PackageObjectOptions(null, []).RetainOnDelete);
        var policy = JsonDocument.Parse(run.Named(ResourceTypes.RolePolicy, run.Plan.Names.AppAccessPolicy).Text("policy")).RootElement;
        var readable = policy.GetProperty("Statement").EnumerateArray()
            .Single(statement => statement.GetProperty("Action").EnumerateArray().Any(action => action.GetString() == "s3:GetObject"))
            .GetProperty("Resource").EnumerateArray().Select(resource => resource.GetString()!).ToList();
        var bucketArn = MockCloud.BucketArnFor(run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket).Name!);
        var before = $"{bucketArn}/{WebStack.Core.Servers.AppPackage.ObjectKeyOf("default", new string('0', 64))}";
        Assert.Contains(readable, pattern => pattern.EndsWith("/*", StringComparison.Ordinal) && before.StartsWith(pattern[..^1], StringComparison.Ordinal));
        Assert.DoesNotContain(readable, pattern => pattern == $"{bucketArn}/*");
    }

    [Fact]
    public void TheTimeAllowedARefreshCoversEveryBatchOfTheLargestGroupAndItsRollback()
    {
        var plan = StackRunner.PlanFor("prod", StackRunner.ConfigFor(null));
        var policy = plan.Deployment;
        var perBatch = policy.HealthCheckGraceSeconds + (plan.Settings.HealthCheck.IntervalSeconds * plan.Settings.HealthCheck.HealthyThreshold) + policy.InstanceWarmupSeconds + policy.DeregistrationDelaySeconds;

        var limit = FleetRefresh.TimeLimit(policy, plan.Settings.HealthCheck, plan.Settings.Fleet.MaxSize);

        // 9 servers, 4 at a time: 3 batches, and as many again to roll back.
        Assert.Equal(TimeSpan.FromSeconds((2 * 3 * perBatch) + 600), limit);
    }
}
