// What the deployment policy is worth, measured on a one-server stack under load, in one run: terminate before launch
// (what an auto-scaling group does without a policy of its own, min 90 % / max 100 %) leaves the stack with no server
// until the replacement is healthy, and every request in that gap fails; launch before terminate (the stack's policy)
// fails none. The reports and timelines go to artifacts/ (the recorded ones are in docs/).
using WebStack.Local.Rehearsal;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

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

        var first = await AppBuild.StageAsync(await Repo.AppDirectoryAsync(), topology.Run, DeployTests.NextName(topology, topology.ServerHosts[0].Release.Name));
        var gap = await DeployRun.MeasureAsync("One server, terminate before launch (min 90 % / max 100 %)", topology,
            () => RollingDeploy.RunAsync(topology, first, terminateFirst, DeployOptions.For(plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Around, Around);
        output.WriteLine(await gap.WriteAsync("terminate-first", terminateFirst.MinHealthyPercentage, terminateFirst.MaxHealthyPercentage));

        var second = await AppBuild.StageAsync(await Repo.AppDirectoryAsync(), topology.Run, DeployTests.NextName(topology, first.Name));
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
