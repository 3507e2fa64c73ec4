// One deploy measured under load: the deploy's own events, what the load balancer logged (every request and every
// target's health), and wrk's count from the client's side. Turned into the numbers a test asserts and reports, a
// markdown report and a timeline chart under artifacts/.
using System.Globalization;
using System.Text;
using WebStack.Local.Benchmark;
using WebStack.Local.Reports;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal sealed record DeployRun(
    string Title,
    DeployOutcome Outcome,
    long LoadStartedAt,
    long LoadEndedAt,
    IReadOnlyList<string> ServersBefore,
    IReadOnlyList<LoadBalancerRequest> Requests,
    IReadOnlyList<TargetChange> Changes,
    IReadOnlyList<WrkResult> Client,
    int Desired)
{
    /// <summary>Deploys <paramref name="release"/> with <paramref name="deploy"/> while the client's load runs, and collects what happened.</summary>
    public static async Task<DeployRun> MeasureAsync(string title, TopologyRehearsal topology, Func<Task<DeployOutcome>> deploy, TimeSpan before, TimeSpan after)
    {
        var serversBefore = topology.ServerHosts.Select(server => server.Host.Name).ToList();
        var load = ClientLoad.Start(topology);
        var loadStartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        DeployOutcome outcome;
        IReadOnlyList<WrkResult> client;
        try
        {
            await Task.Delay(before);
            outcome = await deploy();
            await Task.Delay(after);
        }
        finally
        {
            client = await load.StopAsync();
        }

        var loadEndedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Every request is in the access log once it has ended.
        await WebStack.Local.Processes.Eventually.TrueAsync(async () => await topology.LoadBalancer.OpenClientConnectionsAsync() == 0,
            TimeSpan.FromSeconds(HaProxyConfig.IdleTimeoutSeconds + 15), "the load balancer's client connections to close", () => "still open");
        // The counts below come from the load balancer's log: they hold only if it logged every request.
        Assert.Equal(0, await topology.LoadBalancer.DroppedLogsAsync());
        return new DeployRun(title, outcome, loadStartedAt, loadEndedAt, serversBefore, topology.LoadBalancer.Requests()
                .Where(request => request.ReceivedUnixMilliseconds >= loadStartedAt).ToList(),
            topology.LoadBalancer.TargetChanges(), client, serversBefore.Count);
    }

    public long DeployStartedAt => Outcome.Events[0].AtUnixMilliseconds;

    public long DeployEndedAt => Outcome.Events[^1].AtUnixMilliseconds;

    public IReadOnlyList<LoadBalancerRequest> Answered => Requests.Where(request => !request.ClientAborted).ToList();

    public IReadOnlyList<LoadBalancerRequest> FailedRequests => Requests.Where(request => request.Failed).ToList();

    /// <summary>The fewest servers in service in any second from the deploy's start to its end.</summary>
    public int FewestHealthyDuringDeploy
    {
        get
        {
            var seconds = (int)Math.Ceiling((DeployEndedAt - DeployStartedAt) / 1000.0) + 1;
            return LoadBalancerTimeline.HealthyOverTime(DeployStartedAt, seconds, Changes, ServersBefore).Min();
        }
    }

    /// <summary>Seconds of the run in which the load balancer had no server in service.</summary>
    public int SecondsWithoutAHealthyServer =>
        LoadBalancerTimeline.HealthyOverTime(LoadStartedAt, Seconds, Changes, ServersBefore).Count(healthy => healthy == 0);

    private int Seconds => (int)Math.Ceiling((LoadEndedAt - LoadStartedAt) / 1000.0);

    public Timeline Timeline(string subtitle) => LoadBalancerTimeline.Build(Title, subtitle, LoadStartedAt, LoadEndedAt, Requests, Changes, ServersBefore,
        Outcome.Events.Where(happened => happened.Label is not null).Select(happened => new RunEvent(happened.AtUnixMilliseconds, happened.Label!)),
        Desired);

    /// <summary>Writes the report and the timeline to artifacts/topology-&lt;name&gt;.md and .svg; returns the report.</summary>
    public async Task<string> WriteAsync(string name, int minHealthy, int maxHealthy)
    {
        var subtitle = $"{Desired} server{(Desired == 1 ? "" : "s")}, min {minHealthy} % / max {maxHealthy} %, under wrk -t2 -c8 from the client's namespace, {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores)";
        var directory = Path.Combine(Repo.Root, "artifacts");
        Directory.CreateDirectory(directory);
        var svg = $"topology-{name}.svg";
        await File.WriteAllTextAsync(Path.Combine(directory, svg), TimelineSvg.Render(Timeline(subtitle)));
        var report = Report(subtitle, svg);
        await File.WriteAllTextAsync(Path.Combine(directory, $"topology-{name}.md"), report);
        return report;
    }

    /// <summary>The report: the policy's steps as they happened, the numbers, and where the time went.</summary>
    public string Report(string subtitle, string svgFile)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        var answered = Answered;
        Line($"# {Title}");
        Line();
        Line(subtitle);
        Line();
        Line(FormattableString.Invariant($"**{(Outcome.Succeeded ? "deployed" : "rolled back")} in {Outcome.Duration.TotalSeconds:F1} s; {answered.Count} requests answered during the run, {FailedRequests.Count} failed; ")
            + FormattableString.Invariant($"fewest servers in service during the deploy: {FewestHealthyDuringDeploy} (desired {Desired}); seconds with none: {SecondsWithoutAHealthyServer}.**"));
        Line();
        Line($"![timeline]({svgFile})");
        Line();
        Line("What happened (the deploy's own log, by the second from its start):");
        Line();
        foreach (var happened in Outcome.Events)
        {
            Line(FormattableString.Invariant($"- {(happened.AtUnixMilliseconds - DeployStartedAt) / 1000.0,6:F1} s  {happened.Message}"));
        }

        Line();
        Line("Requests, by the release that answered them:");
        Line();
        foreach (var group in answered.Where(request => !request.Failed).GroupBy(request => request.Release ?? "(none)").OrderBy(group => group.Min(request => request.ReceivedUnixMilliseconds)))
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"- {group.Key}: {group.Count()}"));
        }

        if (FailedRequests.Count > 0)
        {
            Line();
            Line("Failed requests, by what the client got and where they went:");
            Line();
            foreach (var group in FailedRequests.GroupBy(request => (request.Status, request.Server, request.Termination)).OrderByDescending(group => group.Count()))
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"- {group.Count()} x {group.Key.Status} from {group.Key.Server} ({group.Key.Termination})"));
            }
        }

        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"The client's side (wrk, {Client.Count} runs of 5 s back to back): {Client.Sum(run => run.Requests)} requests, {Client.Sum(run => run.StatusErrors)} answered with an error, {Client.Sum(run => run.SocketErrors)} socket errors."));
        return text.ToString();
    }
}
