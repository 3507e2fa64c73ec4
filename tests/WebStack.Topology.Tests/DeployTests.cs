// A deploy of a new release under load, done as the auto-scaling group's instance refresh does it with the stack's
// deployment policy: launch before terminate replaces every server with no failed request and never fewer servers in
// service than desired; a release whose servers never turn healthy gets no traffic and is rolled back. And what the
// policy is worth, on a one-server stack: terminate before launch (what a group does without a policy of its own)
// leaves it with no server until the replacement is healthy. Measured from the load balancer's log; each run's report
// and timeline go to artifacts/ (the recorded ones are in docs/).
using System.Text.Json;
using WebStack.Core.Servers;
using WebStack.Local.Rehearsal;
using WebStack.Local.Reports;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

/// <summary>A prod-like stack of two servers with quick health checks and a short deregistration delay.</summary>
public sealed class DeployFixture() : TopologyFixture(Config)
{
    public const string Config = """
        config:
          webstack:profile: prod
          webstack:minSize: 2
          webstack:appProcesses: 2
          webstack:healthCheckIntervalSeconds: 5
          webstack:healthyThreshold: 2
          webstack:unhealthyThreshold: 2
          webstack:deregistrationDelaySeconds: 5
        """;
}

public sealed partial class DeployTests(DeployFixture fixture, ITestOutputHelper output) : IClassFixture<DeployFixture>
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task ARollingDeployUnderLoadReplacesEveryServerWithNoFailedRequestAndNeverFewerServersThanDesired()
    {
        var topology = fixture.Require();
        var plan = topology.Plan;
        var old = topology.ServerHosts;
        var oldRelease = old[0].Release;
        var release = await Repo.StageAsync(topology, NextName(topology, oldRelease.Name));
        Assert.Equal(1, plan.Deployment.BatchSize(old.Count));

        var run = await DeployUnderLoadAsync(topology, release, $"Rolling deploy {oldRelease.Name} -> {release.Name}, {old.Count} servers, launch before terminate", "deploy");

        AssertOutWithNoFailedRequest(run, old.Count);
        // The answers switch from the old release to the new one, and every server now runs the new one.
        var answered = run.Answered.OrderBy(request => request.ReceivedUnixMilliseconds).ToList();
        Assert.Equal(oldRelease.Name, answered.First().Release);
        Assert.Equal(release.Name, answered.Last().Release);
        Assert.All(topology.ServerHosts, server => Assert.Equal(release.Name, server.Release.Name));
        Assert.Equal(old.Count, topology.ServerHosts.Count);
        Assert.DoesNotContain(topology.ServerHosts, server => old.Any(previous => previous.Host.Name == server.Host.Name));
        var health = await Probes.GetAsync(topology, topology.Layout.Client, topology.Url.TrimEnd('/') + "/health");
        Assert.Equal(release.Name, JsonDocument.Parse(health.Body).RootElement.GetProperty("release").GetString());
        // Old servers took no new request once their drain began.
        foreach (var drained in run.Outcome.Events.Where(happened => happened.Step == DeployStep.DrainStarted))
        {
            Assert.DoesNotContain(run.Requests, request => request.Server == drained.Server && request.ReceivedUnixMilliseconds > drained.AtUnixMilliseconds + 1000);
        }
    }

    [SkippableFact]
    public async Task AReleaseWhoseServersNeverTurnHealthyGetsNoTrafficAndIsRolledBackWithNoFailedRequest()
    {
        var topology = fixture.Require();
        var plan = topology.Plan;
        var before = topology.ServerHosts;
        var broken = await BrokenReleaseAsync(topology);
        var options = DeployOptions.For(plan) with { HealthyWithin = TimeSpan.FromSeconds(20) };

        var run = await DeployRun.MeasureAsync($"A release that never turns healthy, rolled back ({before.Count} servers)", topology,
            () => RollingDeploy.RunAsync(topology, broken, plan.Deployment, options, happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Before, After);
        await WriteAsync("rollback", run, plan.Deployment.MinHealthyPercentage, plan.Deployment.MaxHealthyPercentage);

        Assert.False(run.Outcome.Succeeded);
        var steps = run.Outcome.Events.Select(happened => happened.Step).ToList();
        Assert.Contains(DeployStep.NeverHealthy, steps);
        Assert.Contains(DeployStep.RollingBack, steps);
        Assert.Equal(DeployStep.Failed, steps[^1]);
        var launched = run.Outcome.Events.Where(happened => happened.Step == DeployStep.Launched).Select(happened => happened.Server!).ToList();
        Assert.NotEmpty(launched);
        Assert.DoesNotContain(run.Requests, request => launched.Contains(request.Server));
        Assert.True(run.FailedRequests.Count == 0, $"{run.FailedRequests.Count} requests failed:\n{string.Join('\n', run.FailedRequests.Take(20))}");
        Assert.Equal(0, run.Client.Sum(result => result.Errors));
        Assert.True(run.FewestHealthyDuringDeploy >= before.Count, $"only {run.FewestHealthyDuringDeploy} servers were in service at one moment");
        // The old servers never stopped, and run the release they had.
        Assert.Equal(before.Select(server => (server.Host.Name, server.Release.Name)), topology.ServerHosts.Select(server => (server.Host.Name, server.Release.Name)));
    }

    /// <summary>A release name the topology has not run yet: the build's own name and how many releases it has seen.</summary>
    internal static string NextName(TopologyRehearsal topology, string current) =>
        $"{current.Split('.')[0]}.{Directory.GetDirectories(topology.Run.Sub("releases")).Length + 1}";

    /// <summary>A bad build: the app's assembly is not one, so every process exits at start and nginx has nothing to proxy.</summary>
    private static async Task<ServerRelease> BrokenReleaseAsync(TopologyRehearsal topology)
    {
        var good = await Repo.SampleAsync();
        // Each a release of its own: the tests of a topology may each deploy one.
        var number = Directory.GetDirectories(topology.Run.Sub("releases")).Length + 1;
        var copy = Path.Combine(topology.Run.Sub("broken-build"), $"publish-{number}");
        await WebStack.Local.Processes.ProgramRunner.RunCheckedAsync(WebStack.Local.Processes.CommandSpec.Of("cp", "-a", good.Directory + "/.", copy + "/"), "copying the build");
        await File.WriteAllTextAsync(Path.Combine(copy, $"{good.Start.PackagePath}.dll"), "not an assembly");
        var broken = good with { Directory = copy };
        var build = new StackBuild(topology.Plan.Server.Sites.ToDictionary(site => site.Name, _ => broken));
        return await AppBuild.StageAsync(build, topology.Run, name => $"{name}.broken{number}");
    }

    /// <summary>Deploys <paramref name="release"/> with the stack's policy under the client's load; its report and timeline are written as <paramref name="name"/>.</summary>
    private async Task<DeployRun> DeployUnderLoadAsync(TopologyRehearsal topology, ServerRelease release, string title, string name)
    {
        var plan = topology.Plan;
        var run = await DeployRun.MeasureAsync(title, topology,
            () => RollingDeploy.RunAsync(topology, release, plan.Deployment, DeployOptions.For(plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Before, After);
        await WriteAsync(name, run, plan.Deployment.MinHealthyPercentage, plan.Deployment.MaxHealthyPercentage);
        return run;
    }

    /// <summary>The release went out, no request failed (at the load balancer or the client), and never fewer than <paramref name="servers"/> were in service.</summary>
    private static void AssertOutWithNoFailedRequest(DeployRun run, int servers)
    {
        Assert.True(run.Outcome.Succeeded, string.Join('\n', run.Outcome.Events));
        Assert.True(run.FailedRequests.Count == 0, $"{run.FailedRequests.Count} requests failed during the deploy:\n{string.Join('\n', run.FailedRequests.Take(20))}");
        Assert.Equal(0, run.Client.Sum(result => result.Errors));
        Assert.True(run.FewestHealthyDuringDeploy >= servers, $"only {run.FewestHealthyDuringDeploy} servers were in service at one moment; there were {servers} before");
    }

    private async Task WriteAsync(string name, DeployRun run, int minHealthy, int maxHealthy) =>
        output.WriteLine(await run.WriteAsync(name, minHealthy, maxHealthy));
}

/// <summary>A dev stack of one server (the dev profile's default size), with quick health checks.</summary>
public sealed class OneServerFixture() : TopologyFixture(Config, serverCount: 1)
{
    public const string Config = """
        config:
          webstack:minSize: 1
          webstack:appProcesses: 2
          webstack:healthCheckIntervalSeconds: 5
          webstack:healthyThreshold: 2
          webstack:unhealthyThreshold: 2
          webstack:deregistrationDelaySeconds: 5
        """;
}

public sealed class DeployPolicyContrastTests(OneServerFixture fixture, ITestOutputHelper output) : IClassFixture<OneServerFixture>
{
    private static readonly TimeSpan Around = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task OnOneServerTerminatingFirstFailsRequestsWithNoServerInServiceWhileLaunchingFirstFailsNone()
    {
        var topology = fixture.Require();
        var plan = topology.Plan;
        var launchFirst = plan.Deployment;
        var terminateFirst = launchFirst.TerminateFirst();
        Assert.Single(topology.ServerHosts);

        var first = await Repo.StageAsync(topology, DeployTests.NextName(topology, topology.ServerHosts[0].Release.Name));
        var gap = await DeployRun.MeasureAsync("One server, terminate before launch (min 90 % / max 100 %)", topology,
            () => RollingDeploy.RunAsync(topology, first, terminateFirst, DeployOptions.For(plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Around, Around);
        output.WriteLine(await gap.WriteAsync("terminate-first", terminateFirst.MinHealthyPercentage, terminateFirst.MaxHealthyPercentage));

        var second = await Repo.StageAsync(topology, DeployTests.NextName(topology, first.Name));
        var surge = await DeployRun.MeasureAsync("One server, launch before terminate (min 100 % / max 200 %)", topology,
            () => RollingDeploy.RunAsync(topology, second, launchFirst, DeployOptions.For(plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Around, Around);
        output.WriteLine(await surge.WriteAsync("launch-first", launchFirst.MinHealthyPercentage, launchFirst.MaxHealthyPercentage));

        Assert.True(gap.Outcome.Succeeded && surge.Outcome.Succeeded);
        // The old policy: the only server goes first, so for a while nothing serves and every request fails.
        Assert.True(gap.SecondsWithoutAHealthyServer > 0, "terminate-first never left the stack without a server");
        Assert.True(gap.FailedRequests.Count > 0, "terminate-first failed no request");
        // The stack's policy: the new server serves before the old one goes.
        Assert.Equal(0, surge.SecondsWithoutAHealthyServer);
        Assert.True(surge.FailedRequests.Count == 0, $"{surge.FailedRequests.Count} requests failed under launch-first:\n{string.Join('\n', surge.FailedRequests.Take(20))}");
        Assert.True(surge.FewestHealthyDuringDeploy >= 1);
    }
}
