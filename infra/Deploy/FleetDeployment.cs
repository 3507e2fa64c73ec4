// A deploy as `pulumi up` waits for it: once the launch template has the new version (or, with webstack:rollbackTo,
// the version that carries the release asked for), the program starts the group's instance refresh to it (as its desired configuration: AWS updates the group only when the refresh succeeds) and
// watches it to its end. `up` returns when every server runs the new version and the target group counts them
// healthy, and fails, saying why, when the refresh fails: AWS has then rolled it back, and the group still launches
// the release before. A refresh already under way (an interrupted `up`) is waited for first; a group already on the
// version changes nothing.
using System.Globalization;
using WebStack.Core;
using WebStack.Core.Deployment;
using WebStack.Core.Servers;

namespace WebStack.Infra.Deploy;

/// <param name="Version">The launch template's newest version: the build's.</param>
/// <param name="Releases">Each site's release in it (the default site's names it in messages and webstack:rollbackTo).</param>
internal sealed record FleetDeployTarget(string Group, string TemplateId, int Version, string TargetGroupArn, IReadOnlyList<string> GuardAlarms,
    IReadOnlyDictionary<string, string> Releases)
{
    public string Release => Releases[AppSite.DefaultName];
}

internal sealed class FleetDeployment(AwsCli aws, StackPlan plan, Action<string> log)
{
    public const string PollVariable = "WEBSTACK_DEPLOY_POLL_SECONDS";

    private readonly TimeSpan _poll = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(PollVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 15);

    /// <summary>Deploys <paramref name="target"/> (or the release rollbackTo holds) and says what runs; throws <see cref="FleetDeployException"/> when it didn't go out.</summary>
    public async Task<string> RunAsync(FleetDeployTarget target)
    {
        await WaitForEarlierRefreshAsync(target.Group);
        var group = await GroupAsync(target.Group);
        var history = new Lazy<Task<IReadOnlyList<TemplateVersion>>>(async () => ReleaseHistory.Parse(await aws.RunAsync(ReleaseHistory.DescribeVersionsArguments(target.TemplateId))));
        var (version, release, held) = await ChooseAsync(target, history);
        var versionText = version.ToString(CultureInfo.InvariantCulture);
        if (group.TemplateVersion == versionText)
        {
            return $"release {release} (launch template version {versionText}) is what {target.Group} runs; no refresh needed{held}";
        }

        var before = ReleaseHistory.ReleaseOf(await history.Value, group.TemplateVersion);
        log($"deploying release {release}: instance refresh of {target.Group} from launch template version {group.TemplateVersion} (release {before}) to {versionText} "
            + $"(launch before terminate, min {plan.Deployment.MinHealthyPercentage} % / max {plan.Deployment.MaxHealthyPercentage} %, {group.DesiredCapacity} servers)");
        var started = await aws.RunAsync(FleetRefresh.StartArguments(target.Group, target.TemplateId, version, plan.Deployment, target.GuardAlarms));
        var id = System.Text.Json.JsonDocument.Parse(started).RootElement.GetProperty("InstanceRefreshId").GetString()!;
        var ended = await WatchAsync(target.Group, id, FleetRefresh.TimeLimit(plan.Deployment, plan.Settings.HealthCheck, plan.Settings.Fleet.MaxSize));
        if (ended.Succeeded)
        {
            var after = await GroupAsync(target.Group);
            if (after.TemplateVersion == versionText)
            {
                return $"release {release} (launch template version {versionText}) is out: {after.Instances.Count} servers of {target.Group} run it, healthy. "
                    + $"The release before was {before}{(before == "unknown" ? "" : $"; to go back to it: pulumi up -c webstack:rollbackTo={before}")}{held}";
            }

            ended = ended with { Status = "Successful, but the group's configuration is still version " + after.TemplateVersion };
        }

        var targets = TargetHealthState.ParseAll(await aws.RunAsync(FleetRefresh.TargetHealthArguments(target.TargetGroupArn)));
        var activities = ScalingActivities.ParseFailures(await aws.RunAsync(FleetRefresh.ScalingActivitiesArguments(target.Group)));
        throw new FleetDeployException(RefreshFailure.Message(release, version, group.TemplateVersion, before, ended, targets, activities, target.Group));
    }

    /// <summary>
    /// The version to deploy: the build's, or with webstack:rollbackTo the newest one that carries that release (and a
    /// note saying the build's is held back). No version of it is an error that lists the releases there are.
    /// </summary>
    private async Task<(int Version, string Release, string Held)> ChooseAsync(FleetDeployTarget target, Lazy<Task<IReadOnlyList<TemplateVersion>>> history)
    {
        if (plan.Settings.RollbackTo is not { } wanted || wanted == target.Release)
        {
            return (target.Version, target.Release, "");
        }

        var versions = await history.Value;
        var found = ReleaseHistory.Find(versions, wanted)
            ?? throw new FleetDeployException($"webstack:rollbackTo = {wanted}: no version of the launch template {target.TemplateId} carries that release; "
                + $"the releases it has, newest first: {string.Join(", ", ReleaseHistory.Known(versions).Take(10))}. Nothing was changed.");
        log($"webstack:rollbackTo holds the servers on release {wanted} (launch template version {found.Number}); the build's release {target.Release} (version {target.Version}) is not deployed");
        return (found.Number, wanted, $". Held there by webstack:rollbackTo: the build's release {target.Release} (launch template version {target.Version}) is not deployed "
            + "until `pulumi config rm webstack:rollbackTo` and `pulumi up`");
    }

    private async Task WaitForEarlierRefreshAsync(string group)
    {
        var running = await NewestRefreshAsync(group);
        if (running is { IsRunning: true })
        {
            log($"an instance refresh of {group} is already under way ({running.Describe()}); waiting for it to end first");
            running = await WatchAsync(group, running.Id);
            log($"the earlier refresh ended: {running.Describe()}");
        }
    }

    private async Task<GroupState> GroupAsync(string group) => GroupState.Parse(await aws.RunAsync(FleetRefresh.DescribeGroupArguments(group)));

    private async Task<RefreshState?> NewestRefreshAsync(string group) => RefreshState.ParseNewest(await aws.RunAsync(FleetRefresh.DescribeRefreshesArguments(group)));

    /// <summary>Polls the refresh until it ends, saying each change; past <paramref name="limit"/> it is rolled back and waited for.</summary>
    private async Task<RefreshState> WatchAsync(string group, string id, TimeSpan? limit = null)
    {
        var deadline = limit is { } span ? DateTimeOffset.UtcNow + span : (DateTimeOffset?)null;
        string? said = null;
        var rolledBack = false;
        while (true)
        {
            var state = RefreshState.ParseNewest(await aws.RunAsync(FleetRefresh.DescribeRefreshesArguments(group, id)))
                ?? throw new FleetDeployException($"the instance refresh {id} of {group} is gone from describe-instance-refreshes");
            var now = state.Describe();
            if (now != said)
            {
                log(now);
                said = now;
            }

            if (!state.IsRunning)
            {
                return rolledBack ? state with { StatusReason = $"it ran past {limit?.TotalMinutes:0} minutes and was rolled back; {state.StatusReason}" } : state;
            }

            if (!rolledBack && deadline is { } end && DateTimeOffset.UtcNow > end)
            {
                log($"the refresh ran past {limit?.TotalMinutes:0} minutes: rolling it back");
                await aws.RunAsync(FleetRefresh.RollbackArguments(group));
                rolledBack = true;
            }

            await Task.Delay(_poll);
        }
    }
}

/// <summary>A deploy that didn't go out: the message says why and what to do; it stops `pulumi up` with no stack trace.</summary>
public sealed class FleetDeployException(string message) : Pulumi.RunException(message);
