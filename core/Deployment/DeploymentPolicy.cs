// How the fleet's servers are replaced: by an instance refresh when a deploy makes a new launch template version, and
// by the auto-scaling group when a server fails its health checks. Launch before terminate: a new server is started
// and must be healthy (and warmed up) before an old one is drained and stopped, so a group of any size, one server
// included, never has fewer healthy servers than it should. The Pulumi program applies it; the topology rehearses it.
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core.Deployment;

/// <param name="MinHealthyPercentage">Share of the desired capacity that must stay in service and healthy: 100, so no
/// server is taken away before its replacement counts.</param>
/// <param name="MaxHealthyPercentage">Share of the desired capacity that may run during a replacement (100-200): above
/// 100 lets the group launch replacements first.</param>
/// <param name="InstanceWarmupSeconds">After a new server is in service, how long the refresh waits before it counts it
/// and goes on (its caches and connection pools fill, the scaling metrics settle).</param>
/// <param name="HealthCheckGraceSeconds">After launch, how long before the load balancer's verdict counts: boot,
/// installing nginx, fetching the package, starting the processes.</param>
/// <param name="SkipMatching">Whether the refresh leaves alone servers that already run the new configuration; off, so
/// a change of user data rolls every server.</param>
/// <param name="AutoRollback">Whether a failed refresh (new servers that never turn healthy) puts the previous
/// configuration back.</param>
/// <param name="DeregistrationDelaySeconds">How long the load balancer keeps a leaving server's requests in flight
/// (connection draining) before it lets go of it; no new request reaches it meanwhile.</param>
/// <param name="Processes">How each server stops its processes: the app's graceful shutdown and systemd's timeout.</param>
public sealed record DeploymentPolicy(
    int MinHealthyPercentage,
    int MaxHealthyPercentage,
    int InstanceWarmupSeconds,
    int HealthCheckGraceSeconds,
    bool SkipMatching,
    bool AutoRollback,
    int DeregistrationDelaySeconds,
    ProcessSupervision Processes)
{
    public const int DefaultHealthCheckGraceSeconds = 300;

    /// <summary>
    /// The stack's policy: min 100 %, and max 200 % in dev (its one server surges to two) and 150 % in prod (three
    /// servers replaced one at a time, or a third of a larger group at once).
    /// </summary>
    public static DeploymentPolicy For(StackSettings settings) => new(
        MinHealthyPercentage: 100,
        MaxHealthyPercentage: settings.Profile == Profile.Prod ? 150 : 200,
        InstanceWarmupSeconds: WarmupFor(settings.HealthCheck),
        HealthCheckGraceSeconds: DefaultHealthCheckGraceSeconds + ReleaseAllowanceSeconds(settings),
        SkipMatching: false,
        AutoRollback: true,
        DeregistrationDelaySeconds: settings.Deployment.DeregistrationDelaySeconds,
        Processes: ProcessSupervision.Default);

    /// <summary>
    /// A new server runs its release phase before its processes start: its own run, or the wait for the server that
    /// runs it, comes before its first passing check, so the grace grows by the longest a release phase may take.
    /// </summary>
    public static int ReleaseAllowanceSeconds(StackSettings settings) =>
        new[] { settings.App }.Concat(settings.Sites.Select(site => site.App).OfType<Apps.AppSettings>())
            .Where(app => app.ReleaseCommand is not null)
            .Select(app => Apps.ReleasePhase.UnitTimeoutSeconds(app.ReleaseTimeoutSeconds))
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>
    /// How long a new group's first servers have to be in service before its creation counts as failed: their boot
    /// (the health check grace), the target group's checks, and five minutes.
    /// </summary>
    public int FirstLaunchTimeoutSeconds(HealthCheckSettings health) => HealthCheckGraceSeconds + (health.IntervalSeconds * health.HealthyThreshold) + 300;

    /// <summary>
    /// What an auto-scaling group does without a policy of its own (min 90 %, max 100 %): it terminates first, so a
    /// one-server group has no server until the replacement is healthy. Kept to measure against, never applied.
    /// </summary>
    public DeploymentPolicy TerminateFirst() => this with { MinHealthyPercentage = 90, MaxHealthyPercentage = 100 };

    public bool LaunchesFirst => MaxHealthyPercentage > 100;

    /// <summary>
    /// Servers replaced at once in a group of <paramref name="desired"/>: launching first, as many as the maximum
    /// allows above the desired capacity (at least one); terminating first, as many as the minimum allows below it
    /// (at least one: a refresh always makes progress).
    /// </summary>
    public int BatchSize(int desired)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(desired, 1);
        var batch = LaunchesFirst
            ? desired * (MaxHealthyPercentage - 100) / 100
            : desired - (int)Math.Ceiling(desired * MinHealthyPercentage / 100.0);
        return Math.Clamp(batch, 1, desired);
    }

    /// <summary>
    /// One server's replacement, as the refresh and the rehearsal do it: seconds from launching it to having stopped
    /// the server it replaces, given how long a server takes to boot and start its processes.
    /// </summary>
    public ReplacementTime TimePerBatch(HealthCheckSettings health, int bootSeconds) => new(
        BootSeconds: bootSeconds,
        HealthChecksSeconds: health.IntervalSeconds * health.HealthyThreshold,
        WarmupSeconds: InstanceWarmupSeconds,
        DrainSeconds: DeregistrationDelaySeconds);

    /// <summary>Long enough for the target group to pass a new server (its healthy threshold) and one more interval.</summary>
    private static int WarmupFor(HealthCheckSettings health) => health.IntervalSeconds * (health.HealthyThreshold + 1);
}

/// <summary>What one replacement's time is made of, and which setting shortens each part.</summary>
public sealed record ReplacementTime(int BootSeconds, int HealthChecksSeconds, int WarmupSeconds, int DrainSeconds)
{
    public int TotalSeconds => BootSeconds + HealthChecksSeconds + WarmupSeconds + DrainSeconds;
}
