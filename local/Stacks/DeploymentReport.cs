// The plan's deployment section: how a deploy (a new package, AMI or server setting) replaces the servers, how a
// server that fails its checks is replaced, and how each server keeps its processes running.
using WebStack.Core;
using WebStack.Core.Servers;

namespace WebStack.Local.Stacks;

public static class DeploymentReport
{
    public static void Write(Action<string> line, StackPlan plan)
    {
        var policy = plan.Deployment;
        var fleet = plan.Settings.Fleet;
        var health = plan.Settings.HealthCheck;
        var processes = policy.Processes;
        string Servers(int count) => $"{count} server{(count == 1 ? "" : "s")}";
        string BatchAt(int desired) => $"{Servers(desired)}: {policy.BatchSize(desired)} at a time";

        line("Deployments (a new package, AMI or server setting makes a new launch template version; `pulumi up` refreshes the group to it and waits)");
        line($"  pulumi up      starts the group's instance refresh to the new version as its desired configuration and waits for its end: AWS changes what the group "
            + "launches only when it succeeds; when it fails, up fails saying why, and scale-outs and replacements go on launching the release before");
        if (plan.Settings.RollbackTo is { } held)
        {
            line($"  held           on release {held} (webstack:rollbackTo): up refreshes the group to the version that carries it, not to the build's; "
                + "`pulumi config rm webstack:rollbackTo` to deploy builds again");
        }

        line($"  replacing      {(policy.LaunchesFirst ? "launch before terminate" : "terminate before launch")}: min {policy.MinHealthyPercentage} % / max {policy.MaxHealthyPercentage} % "
            + $"of the desired capacity, so never fewer healthy servers than desired ({BatchAt(fleet.DesiredCapacity)}; at {BatchAt(fleet.MaxSize)})");
        line($"  new servers    {policy.HealthCheckGraceSeconds} s to boot (health check grace), then count once the target group passes them "
            + $"({health.HealthyThreshold} checks every {health.IntervalSeconds} s) and after {policy.InstanceWarmupSeconds} s of warm-up");
        line($"  old servers    drained for up to {policy.DeregistrationDelaySeconds} s (deregistration delay: no new requests, those in flight finish), then stopped: "
            + $"the app gets SIGTERM and {ProcessSupervision.Seconds(processes.GracefulShutdown)} s to finish, systemd kills it after {ProcessSupervision.Seconds(processes.StopTimeout)} s");
        line($"  failures       a refresh whose new servers never turn healthy or whose guard alarms fire {(policy.AutoRollback ? "rolls back (the old servers never stopped serving)" : "stops")}; "
            + $"skip matching {(policy.SkipMatching ? "on" : "off: a user-data change rolls every server")}; a server that fails its checks is replaced with the same min/max (instance maintenance policy)");
        line($"  processes      a crashed app process is started again after {ProcessSupervision.Seconds(processes.RestartDelay)} s (systemd Restart=on-failure), "
            + $"given up after {processes.StartLimitBurst} starts in {ProcessSupervision.Seconds(processes.StartLimitInterval)} s");
        var time = policy.TimePerBatch(health, bootSeconds: 0);
        line($"  time per batch boot + {time.HealthChecksSeconds} s of checks + {time.WarmupSeconds} s of warm-up + up to {time.DrainSeconds} s of draining; "
            + "shorter with fewer healthyThreshold passes, a shorter healthCheckIntervalSeconds or deregistrationDelaySeconds");
    }
}
