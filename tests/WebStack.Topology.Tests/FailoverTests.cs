// A whole server taken away under load (its link and its processes, as when an instance dies): the load balancer
// stops sending to it within its health check window, and once it is marked down no request fails. Measured from
// the load balancer's access log (when each request arrived, where it went, what the client got) and wrk's own
// count in the client's namespace; the numbers go to the test output and to artifacts/topology-failover.md. The
// unhealthy-host alarm fires once the lost server is marked down, and clears when the auto-scaling group has replaced it.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using WebStack.Core.Monitoring;
using WebStack.Core.Settings;
using WebStack.Local.Benchmark;
using WebStack.Local.Processes;
using WebStack.Local.Reports;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Threads = 2;
    private const int Connections = 8;
    private const int SecondsBefore = 5;
    private const int SecondsAfter = 15;

    [SkippableFact]
    public async Task LosingAServerUnderLoadFailsOnlyRequestsInsideTheHealthCheckWindow()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        using var project = new TopoProject();
        var plan = project.Plan();
        var health = plan.Settings.HealthCheck;
        await using var topology = await TopologyRehearsal.StartAsync(plan, await Repo.BuildAsync(plan), TextWriter.Null);
        var lost = topology.Layout.Servers[0];
        // Long enough for the window (and the last check's timeout), for requests the lost server will never answer to
        // run into the idle timeout (their client connections are held until then), and for a stretch after that.
        var seconds = SecondsBefore + health.DetectionWindowSeconds + health.TimeoutSeconds + 1 + HaProxyConfig.IdleTimeoutSeconds + SecondsAfter;

        // wrk's own timeout is longer than the load balancer's, so every failure is an answer the load balancer gave.
        var load = topology.RunInClientAsync(
            CommandSpec.Of("wrk", $"-t{Threads}", $"-c{Connections}", $"-d{seconds}s", "--timeout", $"{HaProxyConfig.IdleTimeoutSeconds + 30}s", "--latency", topology.Url),
            TimeSpan.FromSeconds(seconds + 120));
        var startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A stretch of ordinary traffic first: both servers answering, for at least SecondsBefore.
        await Eventually.TrueAsync(
            () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= startedAt + (SecondsBefore * 1000)
                && topology.LoadBalancer.Requests().Select(request => request.Server).Distinct().Count() >= topology.Layout.Servers.Count,
            TimeSpan.FromSeconds(SecondsBefore + 30), "the load to reach every server",
            () => $"{topology.LoadBalancer.Requests().Count} requests logged; wrk {(load.IsCompleted ? $"ended: {load.Result.Output}" : "running")}");

        var lostAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await topology.StopServerHostAsync(0);
        // When the load balancer marked it down, by its own clock (its log), not when this test happened to look.
        var markedDown = await Eventually.ValueAsync(
            () => Task.FromResult(topology.LoadBalancer.TargetChanges().FirstOrDefault(change => change.Server == lost.Name && change.Health == TargetHealth.Unhealthy && change.AtUnixMilliseconds >= lostAt)),
            change => change is not null,
            TimeSpan.FromSeconds(health.DetectionWindowSeconds + health.TimeoutSeconds + 30), $"the load balancer to mark {lost.Name} down",
            _ => $"no such line in its log:\n{topology.LoadBalancer.Process.LogTail(30)}");
        var downAt = markedDown!.AtUnixMilliseconds;
        var sentToLostWhenDown = (await topology.LoadBalancer.TargetsAsync()).Single(state => state.Name == lost.Name).Selected;

        // The unhealthy-host alarm reads the load balancer's view: it fires once its datapoints after the mark-down are all bad.
        var alarms = AlarmPlan.For(plan.Settings);
        var unhealthy = alarms[AlarmPlan.UnhealthyHosts];
        var period = RehearsalTime.PeriodOf(unhealthy);
        var fired = await AlarmChangeAsync(topology, AlarmPlan.UnhealthyHosts, AlarmState.Alarm, lostAt, period * (unhealthy.EvaluationPeriods + 2) + TimeSpan.FromSeconds(15));

        var wrk = await load;
        Assert.True(wrk.Succeeded, $"wrk failed: {wrk.Output}");
        // Every request is in the access log once it has ended.
        await Eventually.TrueAsync(async () => await topology.LoadBalancer.OpenClientConnectionsAsync() == 0,
            TimeSpan.FromSeconds(HaProxyConfig.IdleTimeoutSeconds + 15), "the load balancer's client connections to close",
            () => "connections still open");

        var client = WrkResult.Parse(wrk.Output);
        // The phases below come from the load balancer's log: they hold only if it logged every request.
        Assert.Equal(0, await topology.LoadBalancer.DroppedLogsAsync());
        var sentToLostAtEnd = (await topology.LoadBalancer.TargetsAsync()).Single(state => state.Name == lost.Name).Selected;
        var phases = LossPhases.Of(topology.LoadBalancer.Requests(), lost.Name, lostAt, downAt);
        var detection = (downAt - lostAt) / 1000.0;
        // The checks it takes, plus the timeout of the last one (a vanished server doesn't refuse, it is silent), plus
        // a second for the load balancer's timers.
        var limit = health.DetectionWindowSeconds + health.TimeoutSeconds + 1;

        // The auto-scaling group replaces the lost server as its instance maintenance policy says: the new one first, and
        // once it is healthy the lost one is terminated, leaving the target group; then the alarm clears.
        var replacement = await topology.ScaleOutAsync(TextWriter.Null);
        var healthyAgain = await Eventually.ValueAsync(
            () => Task.FromResult(topology.LoadBalancer.TargetChanges().FirstOrDefault(change => change.Server == replacement.Host.Name && change.IsUp)),
            change => change is not null, TimeSpan.FromSeconds((health.IntervalSeconds * (health.HealthyThreshold + 2)) + 60),
            $"the replacement {replacement.Host.Name} to pass its checks", _ => replacement.BootProblem ?? topology.LoadBalancer.Process.LogTail(10));
        var replacedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await topology.TerminateServerAsync(topology.ServerHosts.Single(server => server.Host.Name == lost.Name));
        var cleared = await AlarmChangeAsync(topology, AlarmPlan.UnhealthyHosts, AlarmState.Ok, replacedAt, period * 3 + TimeSpan.FromSeconds(10));
        var inService = alarms[AlarmPlan.InService];
        var groupFired = topology.Alarms.FirstTransition(AlarmPlan.InService, AlarmState.Alarm, DateTimeOffset.FromUnixTimeMilliseconds(lostAt));
        var groupCleared = groupFired is null ? null : topology.Alarms.FirstTransition(AlarmPlan.InService, AlarmState.Ok, groupFired.At);
        var alarmReport = new AlarmReport(unhealthy, inService, lost.Name, replacement.Host.Name, lostAt, downAt, fired, healthyAgain!.AtUnixMilliseconds, replacedAt, cleared,
            groupFired, groupCleared, topology.Alarms.Transitions.Where(transition => transition.At.ToUnixTimeMilliseconds() >= lostAt).ToList());

        var report = Report(health, topology.Url, lost.Name, seconds, detection, phases, client, sentToLostAtEnd - sentToLostWhenDown) + alarmReport.Markdown();
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(Repo.Root, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(Repo.Root, "artifacts", "topology-failover.md"), report);
        var endedAt = topology.LoadBalancer.Requests().Max(request => request.EndedUnixMilliseconds);
        var timeline = LoadBalancerTimeline.Build($"Losing server {lost.Name} under load",
            $"{topology.Layout.Servers.Count} servers, health check every {health.IntervalSeconds} s, out after {health.UnhealthyThreshold} failures, under wrk -t{Threads} -c{Connections}, {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores)",
            startedAt, endedAt, topology.LoadBalancer.Requests(), topology.LoadBalancer.TargetChanges(), topology.Layout.Servers.Select(server => server.Name),
            [new RunEvent(lostAt, $"{lost.Name} lost"), new RunEvent(downAt, $"{lost.Name} marked down"), new RunEvent(fired.At.ToUnixTimeMilliseconds(), "unhealthy-hosts alarm")],
            topology.Layout.Servers.Count);
        await File.WriteAllTextAsync(Path.Combine(Repo.Root, "artifacts", "topology-failover.svg"), TimelineSvg.Render(timeline));

        Assert.NotEmpty(phases.Before);
        Assert.NotEmpty(phases.After);
        Assert.True(!phases.Before.Any(request => request.Failed), $"requests failed before {lost.Name} was lost:\n{report}");
        Assert.True(detection <= limit, $"{lost.Name} was marked down after {detection:F1} s; the window is {health.DetectionWindowSeconds} s (+{health.TimeoutSeconds} s for the last check's timeout, +1 s)");
        // From then on it gets nothing, and nothing fails.
        Assert.Equal(sentToLostWhenDown, sentToLostAtEnd);
        Assert.DoesNotContain(phases.After, request => request.Server == lost.Name);
        Assert.True(!phases.After.Any(request => request.Failed), $"requests failed after {lost.Name} was marked down:\n{report}");

        // The alarm can't fire before the load balancer marks the target down (it reads that view), and fires once its
        // window of datapoints after that is full: evaluated a period after each ends, checked every 200 ms.
        var firedAfter = (fired.At.ToUnixTimeMilliseconds() - downAt) / 1000.0;
        var firingLimit = ((unhealthy.EvaluationPeriods + 1) * period + AlarmWatch.Settle).TotalSeconds + 1;
        Assert.True(firedAfter >= 0 && firedAfter <= firingLimit, $"the unhealthy-host alarm fired {firedAfter:F1} s after {lost.Name} was marked down; "
            + $"its window is {unhealthy.EvaluationPeriods} datapoints of {period.TotalSeconds} s (at most {firingLimit:F1} s)\n{report}");
        var clearedAfter = (cleared.At.ToUnixTimeMilliseconds() - replacedAt) / 1000.0;
        var clearingLimit = (2 * period + AlarmWatch.Settle).TotalSeconds + 1;
        Assert.True(clearedAfter <= clearingLimit, $"the unhealthy-host alarm cleared {clearedAfter:F1} s after {lost.Name} left the group (at most {clearingLimit:F1} s)\n{report}");
        // The group had fewer servers in service than minSize while the lost one was down, and enough again with its replacement.
        Assert.True(groupFired is not null && groupCleared is not null, $"the in-service alarm should have fired and cleared:\n{report}");
    }

    private static async Task<AlarmTransition> AlarmChangeAsync(TopologyRehearsal topology, string key, AlarmState to, long afterUnixMilliseconds, TimeSpan limit) =>
        (await Eventually.ValueAsync(
            () => Task.FromResult(topology.Alarms.FirstTransition(key, to, DateTimeOffset.FromUnixTimeMilliseconds(afterUnixMilliseconds))),
            transition => transition is not null, limit, $"the {key} alarm to go to {AlarmEvaluator.Name(to)}",
            _ => string.Join("\n", topology.Alarms.Transitions.TakeLast(6))))!;

    [Fact]
    public void ARequestInFlightToTheLostServerWhenItWentBelongsToTheWindow()
    {
        const long lostAt = 10_000;
        const long downAt = 24_000;
        LossPhase Phase(long received, string server, int total) =>
            LossPhases.PhaseOf(new LoadBalancerRequest(received, server, 504, total, "sH--"), "s1", lostAt, downAt);

        // Arrived a few milliseconds before the loss, on its way to s1, ended 60 s later: the loss is what it ran into.
        Assert.Equal(LossPhase.Inside, Phase(9_990, "s1", 60_000));
        // Finished before the loss: before, wherever it went.
        Assert.Equal(LossPhase.Before, Phase(9_000, "s1", 500));
        // In flight to the server that stayed: before (a failure there is a failure before the loss).
        Assert.Equal(LossPhase.Before, Phase(9_990, "s2", 60_000));
        Assert.Equal(LossPhase.Inside, Phase(10_000, "s2", 5));
        Assert.Equal(LossPhase.Inside, Phase(23_999, "s1", 5));
        Assert.Equal(LossPhase.After, Phase(24_000, "s2", 5));
    }

    private static string Report(HealthCheckSettings health, string url, string lost, int seconds, double detection,
        LossPhases phases, WrkResult client, long sentAfterDown)
    {
        var (before, inside, after) = (phases.Before, phases.Inside, phases.After);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Row(string phase, string span, IReadOnlyList<LoadBalancerRequest> requests) =>
            FormattableString.Invariant($"| {phase} | {span} | {requests.Count(request => !request.ClientAborted)} | {requests.Count(request => request.Failed)} | {Statuses(requests)} |");

        Line("# Losing a server under load: measured");
        Line();
        Line(FormattableString.Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `FailoverTests` (tests/WebStack.Topology.Tests) with `webstack hosts up`'s topology on one machine: ")
            + FormattableString.Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}."));
        Line(FormattableString.Invariant($"Health check: GET {health.Path} every {health.IntervalSeconds} s, timeout {health.TimeoutSeconds} s, out after {health.UnhealthyThreshold} failures: ")
            + FormattableString.Invariant($"a window of {health.DetectionWindowSeconds} s (interval x unhealthy threshold)."));
        Line(FormattableString.Invariant($"Load: wrk -t{Threads} -c{Connections} -d{seconds}s on {url} from the client's namespace. After at least {SecondsBefore} s, server {lost} was taken away: ")
            + "its link removed (it vanishes from the network), nginx stopped and its app processes killed.");
        Line();
        Line(FormattableString.Invariant($"**{lost} was marked down {detection:F1} s after it went**, by the load balancer's own log (window {health.DetectionWindowSeconds} s; a vanished server doesn't refuse, so the last check ")
            + FormattableString.Invariant($"runs into its {health.TimeoutSeconds} s timeout: up to {health.DetectionWindowSeconds + health.TimeoutSeconds} s). Requests sent to it after that: {sentAfterDown}."));
        Line();
        Line("![timeline](topology-failover.svg)");
        Line();
        Line("Every request, from the load balancer's access log, by when it arrived and when it ended: a request still in flight to "
            + FormattableString.Invariant($"{lost} when it went counts inside the window, wherever it arrived."));
        Line();
        Line("| phase | time | requests | failed | statuses |");
        Line("|---|---|---:|---:|---|");
        Line(Row("before", "until the loss", before));
        Line(Row("inside the window", FormattableString.Invariant($"from the loss until {lost} was marked down ({detection:F1} s)"), inside));
        Line(Row("after", "from then to the end", after));
        Line();
        var failed = before.Concat(inside).Concat(after).Where(request => request.Failed).ToList();
        if (failed.Count > 0)
        {
            Line("The failed requests, by where they went and how they ended (HAProxy's termination state), with the time each took:");
            Line();
            foreach (var group in failed.GroupBy(request => (request.Server, request.Status, request.Termination)).OrderBy(group => group.Key.Server))
            {
                Line(FormattableString.Invariant($"- {group.Count()} x {group.Key.Server}, {group.Key.Status} {group.Key.Termination}: {group.Min(request => request.TotalMilliseconds) / 1000.0:F1}-{group.Max(request => request.TotalMilliseconds) / 1000.0:F1} s"));
            }

            Line();
        }

        var hangUps = before.Concat(inside).Concat(after).Count(request => request.ClientAborted);
        if (hangUps > 0)
        {
            Line(FormattableString.Invariant($"Not counted: {hangUps} connection{(hangUps == 1 ? "" : "s")} wrk closed before sending a whole request (logged as 400 with termination state C*)."));
            Line();
        }

        Line(FormattableString.Invariant($"The client's side (wrk): {client.Requests} requests, {client.StatusErrors} answered with an error, {client.SocketErrors} socket errors, ")
            + FormattableString.Invariant($"{client.RequestsPerSecond:F0} req/s over the run, p99 latency {client.P99Milliseconds / 1000:F1} s."));
        Line();
        Line("Requests that fail inside the window are those the load balancer sent to the lost server before it was marked down; with no "
            + "retries (like an ALB) each ends in an error for its client. Sent on a new connection, the connection attempt fails "
            + FormattableString.Invariant($"(no one answers at the server's address: no route, or the {health.TimeoutSeconds} s connect timeout) and the client gets 503. ")
            + "Sent on a connection the load balancer already had open to that server, the request gets no answer at all until the idle "
            + FormattableString.Invariant($"timeout ({HaProxyConfig.IdleTimeoutSeconds} s, the ALB's default), then 504; its client's connection is held all that time. ")
            + "On AWS the same window applies, with the ALB's own timings on top.");
        return text.ToString();
    }

    private static string Statuses(IReadOnlyList<LoadBalancerRequest> requests) =>
        string.Join(", ", requests.Where(request => !request.ClientAborted).GroupBy(request => request.Status).OrderBy(group => group.Key)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Key} x{group.Count()}")));
}
