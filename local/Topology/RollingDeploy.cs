// A deploy of a new release to the running topology, replacing every server the way the auto-scaling group's instance
// refresh does with the stack's deployment policy, the new release as the refresh's desired configuration: the group
// launches it on scale-out and replacement only once the deploy has succeeded. Launch before terminate: new servers are launched, must pass the
// load balancer's health check and warm up, and only then are old ones drained (no new request reaches them, those in
// flight finish, for up to the deregistration delay) and stopped as systemd stops them at shutdown. A new server that
// never turns healthy fails the deploy, which rolls back as AutoRollback does: the new servers go, the old ones never
// stopped serving. The terminate-first policy (what a group does without a policy of its own) can be run too, to see
// what it costs.
using System.Globalization;
using WebStack.Core.Deployment;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

public enum DeployStep
{
    Started,
    Launched,
    Healthy,
    NeverHealthy,
    WarmedUp,
    DrainStarted,
    Stopped,
    RollingBack,
    Finished,
    Failed,
}

/// <summary>Something the deploy did, when (Unix ms), to which server.</summary>
public sealed record DeployEvent(long AtUnixMilliseconds, DeployStep Step, string? Server, string Message)
{
    /// <summary>A few words for a timeline's marker ("s3 healthy", "drain s1"); null for steps that mark no moment of a server.</summary>
    public string? Label => Step switch
    {
        DeployStep.Launched => $"{Server} launched",
        DeployStep.Healthy => $"{Server} healthy",
        DeployStep.NeverHealthy => $"{Server} never healthy",
        DeployStep.DrainStarted => $"drain {Server}",
        DeployStep.Stopped => $"{Server} stopped",
        DeployStep.RollingBack => "rollback",
        _ => null,
    };

    public override string ToString() =>
        $"{DateTimeOffset.FromUnixTimeMilliseconds(AtUnixMilliseconds).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {Message}";
}

/// <param name="HealthyWithin">How long a new server has to pass its checks before the deploy gives up on it (the
/// health check grace of the auto-scaling group; servers here boot in seconds, not minutes).</param>
public sealed record DeployOptions(TimeSpan HealthyWithin)
{
    /// <summary>The target group's checks to pass a new server, plus a minute to boot.</summary>
    public static DeployOptions For(WebStack.Core.StackPlan plan) =>
        new(TimeSpan.FromSeconds((plan.Settings.HealthCheck.IntervalSeconds * plan.Settings.HealthCheck.HealthyThreshold) + 60));
}

public sealed record DeployOutcome(bool Succeeded, ServerRelease Release, IReadOnlyList<DeployEvent> Events)
{
    public TimeSpan Duration => Events.Count < 2 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Events[^1].AtUnixMilliseconds - Events[0].AtUnixMilliseconds);
}

public sealed class RollingDeploy
{
    private readonly TopologyRehearsal _topology;
    private readonly DeploymentPolicy _policy;
    private readonly DeployOptions _options;
    private readonly Action<DeployEvent> _report;
    private readonly TextWriter _progress;
    private readonly List<DeployEvent> _events = [];

    private RollingDeploy(TopologyRehearsal topology, DeploymentPolicy policy, DeployOptions options, Action<DeployEvent> report, TextWriter progress)
    {
        _topology = topology;
        _policy = policy;
        _options = options;
        _report = report;
        _progress = progress;
    }

    /// <summary>
    /// Replaces every server with one running <paramref name="release"/>, as many as run now (a group scaled out past
    /// its desired capacity keeps its size); <paramref name="report"/> hears each step as it happens. Only when it
    /// succeeds does the group launch <paramref name="release"/> from then on.
    /// </summary>
    public static Task<DeployOutcome> RunAsync(TopologyRehearsal topology, ServerRelease release, DeploymentPolicy policy, DeployOptions options,
        Action<DeployEvent> report, TextWriter progress, CancellationToken cancellation = default) =>
        new RollingDeploy(topology, policy, options, report, progress).RunAsync(topology.ServerHosts, release, deploys: true, cancellation);

    /// <summary>
    /// Replaces <paramref name="server"/> as the group replaces an unhealthy or retired instance under its maintenance
    /// policy: a new server of the group's release first, healthy, and only then the old one drained and terminated.
    /// </summary>
    public static Task<DeployOutcome> ReplaceAsync(TopologyRehearsal topology, TopologyServer server, DeploymentPolicy policy, DeployOptions options,
        Action<DeployEvent> report, TextWriter progress, CancellationToken cancellation = default) =>
        new RollingDeploy(topology, policy, options, report, progress).RunAsync([server], topology.GroupRelease, deploys: false, cancellation);

    private void Event(DeployStep step, string? server, string message)
    {
        var happened = new DeployEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), step, server, message);
        lock (_events)
        {
            _events.Add(happened);
        }

        _report(happened);
    }

    private async Task<DeployOutcome> RunAsync(IReadOnlyList<TopologyServer> old, ServerRelease release, bool deploys, CancellationToken cancellation)
    {
        var desired = old.Count;
        var batch = _policy.BatchSize(deploys ? desired : _topology.ServerHosts.Count);
        var servers = $"{desired} server{(desired == 1 ? "" : "s")} ({string.Join(", ", old.Select(server => $"{server.Host.Name} on {server.Release.Name}"))})";
        Event(DeployStep.Started, null, (deploys ? $"deploying release {release.Name} to {servers}: " : $"replacing {servers} with the group's release {release.Name}: ")
            + (_policy.LaunchesFirst
                ? $"launch before terminate (min {_policy.MinHealthyPercentage} %, max {_policy.MaxHealthyPercentage} %), {batch} at a time"
                : $"terminate before launch (min {_policy.MinHealthyPercentage} %, max {_policy.MaxHealthyPercentage} %), {batch} at a time"));

        var replaced = new List<TopologyServer>();
        foreach (var chunk in old.Chunk(batch))
        {
            cancellation.ThrowIfCancellationRequested();
            IReadOnlyList<TopologyServer> launched;
            if (_policy.LaunchesFirst)
            {
                launched = await LaunchAsync(release, chunk.Length);
                if (!await AllHealthyAsync(launched, cancellation))
                {
                    await RollBackAsync(launched, replaced, cancellation);
                    return new DeployOutcome(false, release, Events());
                }

                await WarmUpAsync(launched, cancellation);
                await RetireAsync(chunk, cancellation);
            }
            else
            {
                await RetireAsync(chunk, cancellation);
                launched = await LaunchAsync(release, chunk.Length);
                if (!await AllHealthyAsync(launched, cancellation))
                {
                    // The batch's old servers are gone already: the rollback launches theirs again.
                    await RollBackAsync(launched, replaced, cancellation, retired: chunk.Length);
                    return new DeployOutcome(false, release, Events());
                }

                await WarmUpAsync(launched, cancellation);
            }

            replaced.AddRange(launched);
        }

        if (deploys)
        {
            _topology.ConfigureGroup(release);
        }

        Event(DeployStep.Finished, null, deploys
            ? $"done: every server runs release {release.Name} ({string.Join(", ", replaced.Select(server => server.Host.Name))}), and the group launches it from now on"
            : $"done: {string.Join(", ", old.Select(server => server.Host.Name))} replaced by {string.Join(", ", replaced.Select(server => server.Host.Name))}, release {release.Name}");
        return new DeployOutcome(true, release, Events());
    }

    private IReadOnlyList<DeployEvent> Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    private async Task<IReadOnlyList<TopologyServer>> LaunchAsync(ServerRelease release, int count)
    {
        var launched = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _topology.LaunchServerAsync(release, _progress)));
        foreach (var server in launched)
        {
            Event(DeployStep.Launched, server.Host.Name, $"{server.Host.Name} launched in {server.Host.Subnet!.Name} ({server.Host.Address}) with release {release.Name}"
                + (server.Server is null ? $", but it did not boot ({server.BootProblem})" : "") + "; registered with the load balancer, not healthy yet");
        }

        return launched;
    }

    /// <summary>Waits for the load balancer to mark each launched server healthy (its statistics say so; it gets requests).</summary>
    private async Task<bool> AllHealthyAsync(IReadOnlyList<TopologyServer> launched, CancellationToken cancellation)
    {
        var pending = launched.Select(server => server.Host.Name).ToHashSet();
        var deadline = DateTimeOffset.UtcNow + _options.HealthyWithin;
        var health = _topology.Plan.Settings.HealthCheck;
        IReadOnlyList<TargetState> targets = [];
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            targets = await _topology.LoadBalancer.TargetsAsync();
            foreach (var target in targets.Where(target => target.IsHealthy && pending.Contains(target.Name)))
            {
                pending.Remove(target.Name);
                Event(DeployStep.Healthy, target.Name, $"{target.Name} healthy: it passed {health.HealthyThreshold} checks of GET {health.Path} and gets requests");
            }

            if (pending.Count > 0)
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    foreach (var name in pending)
                    {
                        var state = targets.FirstOrDefault(target => target.Name == name);
                        Event(DeployStep.NeverHealthy, name, $"{name} did not turn healthy within {_options.HealthyWithin.TotalSeconds:0} s "
                            + $"(the load balancer says {state?.Status ?? "?"}, last check {state?.CheckStatus ?? "?"}); the deploy fails");
                    }

                    return false;
                }

                await Task.Delay(100, cancellation);
            }
        }

        return true;
    }

    private async Task WarmUpAsync(IReadOnlyList<TopologyServer> launched, CancellationToken cancellation)
    {
        await Task.Delay(TimeSpan.FromSeconds(_policy.InstanceWarmupSeconds), cancellation);
        Event(DeployStep.WarmedUp, null, $"{string.Join(", ", launched.Select(server => server.Host.Name))} warmed up ({_policy.InstanceWarmupSeconds} s after turning healthy)");
    }

    /// <summary>Drains the old servers (until nothing is in flight, or the deregistration delay is up) and stops them.</summary>
    private async Task RetireAsync(IReadOnlyList<TopologyServer> servers, CancellationToken cancellation)
    {
        foreach (var server in servers)
        {
            await _topology.LoadBalancer.DrainAsync(server.Host.Name);
            Event(DeployStep.DrainStarted, server.Host.Name, $"drain {server.Host.Name} started: no new requests, those in flight finish (deregistration delay {_policy.DeregistrationDelaySeconds} s)");
        }

        // As an ALB: the deregistration completes when nothing is left in flight, or when the delay is up.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(_policy.DeregistrationDelaySeconds);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var targets = await _topology.LoadBalancer.TargetsAsync();
            if (targets.Where(target => servers.Any(server => server.Host.Name == target.Name)).All(target => target.CurrentSessions == 0))
            {
                break;
            }

            await Task.Delay(100, cancellation);
        }

        await Task.WhenAll(servers.Select(async server =>
        {
            await _topology.TerminateServerAsync(server);
            Event(DeployStep.Stopped, server.Host.Name, $"{server.Host.Name} stopped (nginx finished its requests, the app processes took SIGTERM) and terminated");
        }));
    }

    /// <summary>
    /// As AutoRollback: the servers of the failed batch go (the old ones of that batch never stopped serving under
    /// launch-first), and servers an earlier batch already replaced are replaced back with the group's release, which
    /// the failed refresh never changed.
    /// </summary>
    private async Task RollBackAsync(IReadOnlyList<TopologyServer> failed, IReadOnlyList<TopologyServer> replaced, CancellationToken cancellation, int retired = 0)
    {
        var previous = _topology.GroupRelease;
        Event(DeployStep.RollingBack, null, $"rolling back: terminating {string.Join(", ", failed.Select(server => server.Host.Name))}"
            + (retired > 0 ? $", launching {retired} server{(retired == 1 ? "" : "s")} with release {previous.Name} in place of those already stopped" : "")
            + (replaced.Count > 0 ? $" and replacing {string.Join(", ", replaced.Select(server => server.Host.Name))} with release {previous.Name} again" : "")
            + (_topology.ServerHosts.Count > failed.Count ? "; the other servers keep serving" : ""));
        await Task.WhenAll(failed.Select(async server =>
        {
            await _topology.TerminateServerAsync(server);
            Event(DeployStep.Stopped, server.Host.Name, $"{server.Host.Name} terminated (it never got a request)");
        }));

        if (retired > 0)
        {
            var restored = await LaunchAsync(previous, retired);
            await AllHealthyAsync(restored, cancellation);
        }

        if (replaced.Count > 0)
        {
            foreach (var chunk in replaced.Chunk(_policy.BatchSize(_topology.ServerHosts.Count)))
            {
                var launched = await LaunchAsync(previous, chunk.Length);
                if (!await AllHealthyAsync(launched, cancellation))
                {
                    break;
                }

                await RetireAsync(chunk, cancellation);
            }
        }

        Event(DeployStep.Failed, null, $"deploy failed and rolled back: every server runs {string.Join(", ", _topology.ServerHosts.Select(server => server.Release.Name).Distinct())} as before, "
            + $"and the group still launches release {previous.Name} on scale-out and replacement");
    }
}
