// A deploy as `pulumi up` waits for it: once the launch template has the new version, the program starts the group's
// instance refresh to it (as its desired configuration: AWS updates the group only when the refresh succeeds) and
// watches it to its end. `up` returns when every server runs the new version and the target group counts them
// healthy, and fails, saying why, when the refresh fails: AWS has then rolled it back, and the group still launches
// the release before. A refresh already under way (an interrupted `up`) is waited for first; a group already on the
// version changes nothing.
using System.Globalization;
using WebStack.Core;
using WebStack.Core.Deployment;

namespace WebStack.Infra.Deploy;

/// <param name="Release">The release the new version carries, for messages (the default site's, with the others').</param>
internal sealed record FleetDeployTarget(string Group, string TemplateId, int Version, string TargetGroupArn, IReadOnlyList<string> GuardAlarms, string Release);

internal sealed class FleetDeployment(AwsCli aws, StackPlan plan, Action<string> log)
{
    public const string PollVariable = "WEBSTACK_DEPLOY_POLL_SECONDS";

    private TimeSpan Poll => TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(PollVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 15);

    /// <summary>Deploys <paramref name="target"/> and says what runs; throws <see cref="FleetDeployException"/> when it didn't go out.</summary>
    public async Task<string> RunAsync(FleetDeployTarget target)
    {
        var version = target.Version.ToString(CultureInfo.InvariantCulture);
        var running = await NewestRefreshAsync(target.Group);
        if (running is { IsRunning: true })
        {
            log($"an instance refresh of {target.Group} is already under way ({running.Describe()}); waiting for it to end first");
            running = await WatchAsync(target.Group, running.Id);
            log($"the earlier refresh ended: {running.Describe()}");
        }

        var group = await GroupAsync(target.Group);
        if (group.TemplateVersion == version)
        {
            return $"release {target.Release} (launch template version {version}) is what {target.Group} runs; no refresh needed";
        }

        log($"deploying release {target.Release}: instance refresh of {target.Group} from launch template version {group.TemplateVersion} to {version} "
            + $"(launch before terminate, min {plan.Deployment.MinHealthyPercentage} % / max {plan.Deployment.MaxHealthyPercentage} %, {group.DesiredCapacity} servers)");
        var started = await aws.RunAsync(FleetRefresh.StartArguments(target.Group, target.TemplateId, target.Version, plan.Deployment, target.GuardAlarms));
        var id = System.Text.Json.JsonDocument.Parse(started).RootElement.GetProperty("InstanceRefreshId").GetString()!;
        var ended = await WatchAsync(target.Group, id, FleetRefresh.TimeLimit(plan.Deployment, plan.Settings.HealthCheck, plan.Settings.Fleet.MaxSize));
        if (ended.Succeeded)
        {
            var after = await GroupAsync(target.Group);
            if (after.TemplateVersion == version)
            {
                return $"release {target.Release} (launch template version {version}) is out: {after.Instances.Count} servers of {target.Group} run it, healthy";
            }

            ended = ended with { Status = "Successful, but the group's configuration is still version " + after.TemplateVersion };
        }

        var targets = TargetHealthState.ParseAll(await aws.RunAsync(FleetRefresh.TargetHealthArguments(target.TargetGroupArn)));
        var activities = ScalingActivities.ParseFailures(await aws.RunAsync(FleetRefresh.ScalingActivitiesArguments(target.Group)));
        throw new FleetDeployException(RefreshFailure.Message(target.Release, target.Version, group.TemplateVersion, ended, targets, activities, target.Group));
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

            await Task.Delay(Poll);
        }
    }
}

/// <summary>A deploy that didn't go out: the message says why and what to do; it stops `pulumi up` with no stack trace.</summary>
public sealed class FleetDeployException(string message) : Pulumi.RunException(message);
