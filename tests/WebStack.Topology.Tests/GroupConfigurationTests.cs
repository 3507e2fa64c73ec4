// The group's configuration through deploys, as AWS keeps it with a refresh to a desired configuration: a deploy
// while the group runs above its desired capacity replaces every server it has and keeps that capacity; after a
// deploy that failed, a scale-out and the replacement of a retired server launch the release before, never the
// broken one. Under load from the client's namespace, with no failed request.
using WebStack.Local.Processes;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed partial class DeployTests
{
    [SkippableFact]
    public async Task ADeployWhileTheGroupRunsAboveItsDesiredCapacityKeepsThatCapacityAndFailsNoRequest()
    {
        var topology = fixture.Require();
        var desired = topology.ServerHosts.Count;
        try
        {
            // A traffic peak: the scaling policy has added a server.
            await HealthyAsync(topology, await topology.ScaleOutAsync(TextWriter.Null));
            var old = topology.ServerHosts;
            Assert.Equal(desired + 1, old.Count);
            var release = await Repo.StageAsync(topology, NextName(topology, old[0].Release.Name));

            var run = await DeployUnderLoadAsync(topology, release, $"Deploy {old[0].Release.Name} -> {release.Name} while scaled out to {old.Count} servers (desired {desired})", "deploy-scaled-out");

            AssertOutWithNoFailedRequest(run, old.Count);
            Assert.Equal(old.Count, topology.ServerHosts.Count);
            Assert.All(topology.ServerHosts, server => Assert.Equal(release.Name, server.Release.Name));
            Assert.Equal(release.Name, topology.GroupRelease.Name);
            output.WriteLine($"scaled out: {old.Count} servers before and after; {run.Answered.Count} requests answered, {run.FailedRequests.Count} failed, in {run.Outcome.Duration.TotalSeconds:F1} s");
        }
        finally
        {
            await ScaleInAsync(topology, desired);
        }
    }

    [SkippableFact]
    public async Task AfterAFailedDeployAScaleOutAndAReplacementLaunchTheReleaseBeforeAndFailNoRequest()
    {
        var topology = fixture.Require();
        var plan = topology.Plan;
        var desired = topology.ServerHosts.Count;
        var before = topology.GroupRelease;
        var broken = await BrokenReleaseAsync(topology);
        var load = ClientLoad.Start(topology);
        var loadStartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        IReadOnlyList<WebStack.Local.Benchmark.WrkResult> client;
        try
        {
            var failed = await RollingDeploy.RunAsync(topology, broken, plan.Deployment, DeployOptions.For(plan) with { HealthyWithin = TimeSpan.FromSeconds(20) },
                happened => output.WriteLine(happened.ToString()), TextWriter.Null);
            Assert.False(failed.Succeeded);
            Assert.Contains($"the group still launches release {before.Name} on scale-out and replacement", failed.Events[^1].Message);
            Assert.Equal(before.Name, topology.GroupRelease.Name);

            // The next traffic peak: the new server runs the release before, and gets requests.
            var added = await topology.ScaleOutAsync(TextWriter.Null);
            Assert.Equal(before.Name, added.Release.Name);
            await HealthyAsync(topology, added);
            await Eventually.TrueAsync(() => Task.FromResult(topology.LoadBalancer.Requests().Any(request => request.Server == added.Host.Name && !request.Failed)),
                TimeSpan.FromSeconds(30), $"{added.Host.Name} to answer a request", () => "none yet");

            // A retired server: the group launches its replacement first, of the release before, then drains the old one.
            var retired = topology.ServerHosts[0];
            var replacement = await RollingDeploy.ReplaceAsync(topology, retired, plan.Deployment, DeployOptions.For(plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null);
            Assert.True(replacement.Succeeded, string.Join('\n', replacement.Events));
            Assert.DoesNotContain(topology.ServerHosts, server => server.Host.Name == retired.Host.Name);
            Assert.All(topology.ServerHosts, server => Assert.Equal(before.Name, server.Release.Name));
        }
        finally
        {
            client = await load.StopAsync();
            await ScaleInAsync(topology, desired);
        }

        var requests = topology.LoadBalancer.Requests().Where(request => request.ReceivedUnixMilliseconds >= loadStartedAt).ToList();
        var failedRequests = requests.Where(request => request.Failed).ToList();
        Assert.True(failedRequests.Count == 0, $"{failedRequests.Count} requests failed:\n{string.Join('\n', failedRequests.Take(20))}");
        Assert.Equal(0, client.Sum(result => result.Errors));
        Assert.DoesNotContain(requests, request => request.Release == broken.Name);
        output.WriteLine($"after the failed deploy: {requests.Count} requests answered, none by release {broken.Name}, 0 failed; the group launched {before.Name}");
    }

    private static Task HealthyAsync(TopologyRehearsal topology, TopologyServer server) =>
        Eventually.TrueAsync(async () => (await topology.LoadBalancer.TargetsAsync()).Any(target => target.Name == server.Host.Name && target.IsHealthy),
            TimeSpan.FromSeconds(60), $"{server.Host.Name} to turn healthy", () => server.BootProblem ?? "not yet");

    /// <summary>Back to <paramref name="count"/> servers, newest first, as the scaling policy scales in once the peak is over.</summary>
    private static async Task ScaleInAsync(TopologyRehearsal topology, int count)
    {
        while (topology.ServerHosts.Count > count)
        {
            await topology.TerminateServerAsync(topology.ServerHosts[^1]);
        }
    }
}
