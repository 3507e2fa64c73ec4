// A deploy on AWS as `pulumi up` runs it: the Pulumi program starts an instance refresh of the group itself, with the
// new launch template version as the refresh's desired configuration, and waits for it. AWS updates the group's
// configuration only once the refresh succeeds; a refresh that fails is rolled back to the configuration the group
// kept, so the group goes on launching the previous release on scale-out and replacement, and nothing keeps launching
// broken servers. (The provider's own refresh sets the new version on the group first and then refreshes to it, so its
// rollback "restores" the broken version: terraform-provider-aws#34189.) This file holds the AWS CLI calls and the
// reading of their answers; the program runs them.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebStack.Core.Deployment;

public static class FleetRefresh
{
    /// <summary>`aws autoscaling start-instance-refresh` to <paramref name="version"/> of the launch template, with the stack's policy.</summary>
    public static IReadOnlyList<string> StartArguments(string group, string templateId, int version, DeploymentPolicy policy, IReadOnlyList<string> guardAlarms)
    {
        var desired = new JsonObject
        {
            ["LaunchTemplate"] = new JsonObject { ["LaunchTemplateId"] = templateId, ["Version"] = version.ToString(CultureInfo.InvariantCulture) },
        };
        var preferences = new JsonObject
        {
            ["MinHealthyPercentage"] = policy.MinHealthyPercentage,
            ["MaxHealthyPercentage"] = policy.MaxHealthyPercentage,
            ["InstanceWarmup"] = policy.InstanceWarmupSeconds,
            ["SkipMatching"] = policy.SkipMatching,
            ["AutoRollback"] = policy.AutoRollback,
            // Servers protected from scale-in or in standby are replaced too: a deploy leaves no server on the old release.
            ["ScaleInProtectedInstances"] = "Refresh",
            ["StandbyInstances"] = "Terminate",
        };
        if (guardAlarms.Count > 0)
        {
            preferences["AlarmSpecification"] = new JsonObject { ["Alarms"] = new JsonArray([.. guardAlarms.Select(alarm => (JsonNode)alarm)]) };
        }

        return
        [
            "autoscaling", "start-instance-refresh", "--auto-scaling-group-name", group, "--strategy", "Rolling",
            "--desired-configuration", desired.ToJsonString(), "--preferences", preferences.ToJsonString(),
        ];
    }

    public static IReadOnlyList<string> DescribeGroupArguments(string group) => ["autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", group];

    /// <summary>The group's refreshes, newest first; <paramref name="id"/> narrows it to one.</summary>
    public static IReadOnlyList<string> DescribeRefreshesArguments(string group, string? id = null) =>
        id is null
            ? ["autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", group, "--max-records", "1"]
            : ["autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", group, "--instance-refresh-ids", id];

    public static IReadOnlyList<string> RollbackArguments(string group) => ["autoscaling", "rollback-instance-refresh", "--auto-scaling-group-name", group];

    public static IReadOnlyList<string> TargetHealthArguments(string targetGroupArn) => ["elbv2", "describe-target-health", "--target-group-arn", targetGroupArn];

    public static IReadOnlyList<string> ScalingActivitiesArguments(string group) =>
        ["autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", group, "--max-items", "5"];

    /// <summary>
    /// The longest a refresh may take: each batch's boot (the health check grace), its checks, its warm-up and the
    /// drain, for a group at its largest, and the same again for a rollback, plus ten minutes.
    /// </summary>
    public static TimeSpan TimeLimit(DeploymentPolicy policy, Settings.HealthCheckSettings health, int maxSize)
    {
        var batches = (int)Math.Ceiling(maxSize / (double)policy.BatchSize(maxSize));
        var perBatch = policy.HealthCheckGraceSeconds + (health.IntervalSeconds * health.HealthyThreshold) + policy.InstanceWarmupSeconds + policy.DeregistrationDelaySeconds;
        return TimeSpan.FromSeconds((2 * batches * perBatch) + 600);
    }
}

/// <summary>The group as describe-auto-scaling-groups says it is: the launch template version it launches, and its servers.</summary>
public sealed record GroupState(string Name, string? TemplateVersion, int DesiredCapacity, IReadOnlyList<GroupInstance> Instances)
{
    public static GroupState Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var groups = document.RootElement.GetProperty("AutoScalingGroups");
        if (groups.GetArrayLength() == 0)
        {
            throw new FormatException("describe-auto-scaling-groups found no such group");
        }

        var group = groups[0];
        var instances = group.TryGetProperty("Instances", out var list)
            ? list.EnumerateArray().Select(GroupInstance.Parse).ToList()
            : [];
        return new GroupState(group.GetProperty("AutoScalingGroupName").GetString()!, TemplateVersionOf(group), group.GetProperty("DesiredCapacity").GetInt32(), instances);
    }

    internal static string? TemplateVersionOf(JsonElement element) =>
        element.TryGetProperty("LaunchTemplate", out var template) && template.TryGetProperty("Version", out var version) ? version.GetString() : null;

    /// <summary>Every server in service and healthy on <paramref name="version"/>, and as many as the group wants.</summary>
    public bool RunsOnly(string version) =>
        Instances.Count >= DesiredCapacity && Instances.All(instance => instance.TemplateVersion == version && instance.InService && instance.Healthy);
}

public sealed record GroupInstance(string Id, string? TemplateVersion, string LifecycleState, string HealthStatus)
{
    public bool InService => LifecycleState == "InService";

    public bool Healthy => HealthStatus == "Healthy";

    internal static GroupInstance Parse(JsonElement element) => new(
        element.GetProperty("InstanceId").GetString()!,
        GroupState.TemplateVersionOf(element),
        element.GetProperty("LifecycleState").GetString()!,
        element.GetProperty("HealthStatus").GetString()!);
}

/// <summary>One instance refresh as describe-instance-refreshes says it is.</summary>
public sealed record RefreshState(string Id, string Status, string? StatusReason, int? PercentageComplete, int? InstancesToUpdate, string? DesiredVersion)
{
    /// <summary>The statuses a refresh stays in while it works; every other one is an end.</summary>
    public static readonly IReadOnlySet<string> Running = new HashSet<string>(StringComparer.Ordinal) { "Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking" };

    public bool IsRunning => Running.Contains(Status);

    public bool Succeeded => Status == "Successful";

    /// <summary>The group's newest refresh, or null when it never had one.</summary>
    public static RefreshState? ParseNewest(string json)
    {
        using var document = JsonDocument.Parse(json);
        var refreshes = document.RootElement.GetProperty("InstanceRefreshes");
        return refreshes.GetArrayLength() == 0 ? null : Parse(refreshes[0]);
    }

    private static RefreshState Parse(JsonElement element) => new(
        element.GetProperty("InstanceRefreshId").GetString()!,
        element.GetProperty("Status").GetString()!,
        element.TryGetProperty("StatusReason", out var reason) ? reason.GetString() : null,
        element.TryGetProperty("PercentageComplete", out var percentage) && percentage.ValueKind == JsonValueKind.Number ? percentage.GetInt32() : null,
        element.TryGetProperty("InstancesToUpdate", out var toUpdate) && toUpdate.ValueKind == JsonValueKind.Number ? toUpdate.GetInt32() : null,
        element.TryGetProperty("DesiredConfiguration", out var desired) ? GroupState.TemplateVersionOf(desired) : null);

    public string Describe() =>
        $"instance refresh {Id} {Status}" + (PercentageComplete is { } done ? $" ({done} % done" + (InstancesToUpdate is { } left ? $", {left} servers to go)" : ")") : "")
        + (string.IsNullOrWhiteSpace(StatusReason) ? "" : $": {StatusReason.Trim()}");
}

/// <summary>What the target group says of one server: healthy, or why not (Target.ResponseCodeMismatch, ...).</summary>
public sealed record TargetHealthState(string Id, string State, string? Reason, string? Description)
{
    public static IReadOnlyList<TargetHealthState> ParseAll(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("TargetHealthDescriptions").EnumerateArray().Select(description =>
        {
            var health = description.GetProperty("TargetHealth");
            return new TargetHealthState(
                description.GetProperty("Target").GetProperty("Id").GetString()!,
                health.GetProperty("State").GetString()!,
                health.TryGetProperty("Reason", out var reason) ? reason.GetString() : null,
                health.TryGetProperty("Description", out var text) ? text.GetString() : null);
        }).ToList();
    }

    public override string ToString() => $"{Id} {State}" + (Reason is null ? "" : $" ({Reason}{(Description is null ? "" : $": {Description}")})");
}

/// <summary>The last launches and terminations of the group, as describe-scaling-activities says them.</summary>
public static class ScalingActivities
{
    public static IReadOnlyList<string> ParseFailures(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Activities").EnumerateArray()
            .Where(activity => activity.GetProperty("StatusCode").GetString() is "Failed" or "Cancelled")
            .Select(activity => $"{activity.GetProperty("Description").GetString()}: {(activity.TryGetProperty("StatusMessage", out var message) ? message.GetString() : activity.GetProperty("StatusCode").GetString())}")
            .ToList();
    }
}

/// <summary>What `pulumi up` says when a deploy didn't go out: why, what the servers said, what still runs, what to do.</summary>
public static class RefreshFailure
{
    public static string Message(string release, int version, string? previousVersion, string previousRelease, RefreshState refresh, IReadOnlyList<TargetHealthState> targets,
        IReadOnlyList<string> failedActivities, string group)
    {
        var unhealthy = targets.Where(target => target.State != "healthy").ToList();
        var lines = new List<string>
        {
            $"release {release} (launch template version {version}) was not deployed: the {refresh.Describe()}.",
            unhealthy.Count == 0
                ? "The target group counts every server it has healthy."
                : $"The target group says: {string.Join("; ", unhealthy)}.",
        };
        if (failedActivities.Count > 0)
        {
            lines.Add($"Launches that failed: {string.Join("; ", failedActivities)}.");
        }

        lines.Add($"The group {group} still runs, and launches on scale-out and replacement, the release before it, {previousRelease} (launch template version {previousVersion ?? "unknown"}); "
            + "AWS changes its configuration only when a refresh succeeds.");
        lines.Add("What to do: read a new server's /var/log/webstack-bootstrap.log (aws ssm start-session) and `journalctl -u 'webstack-*'`, or run "
            + "`webstack up <stack>` here; fix the release and run `pulumi up` again (it starts a new refresh)."
            + (previousRelease == "unknown" ? "" : $" Until then each `pulumi up` tries this release again; to hold the stack on {previousRelease} instead: pulumi up -c webstack:rollbackTo={previousRelease}"));
        return string.Join('\n', lines);
    }
}
