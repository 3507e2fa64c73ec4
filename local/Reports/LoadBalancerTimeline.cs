// Turns the load balancer's log of a run into the timeline TimelineSvg draws: per second, the requests it answered (by
// the release that answered them, and the failed ones), and how many servers it had in service, from its own record
// of every target going healthy, unhealthy, draining or out; plus what happened when.
using WebStack.Local.Topology;

namespace WebStack.Local.Reports;

/// <summary>Something that happened during a run, at a time by the machine's clock (Unix ms).</summary>
public sealed record RunEvent(long AtUnixMilliseconds, string Label);

public static class LoadBalancerTimeline
{
    /// <param name="healthyAtStart">The targets in service when the run began (they had passed their checks).</param>
    public static Timeline Build(
        string title,
        string? subtitle,
        long startUnixMilliseconds,
        long endUnixMilliseconds,
        IEnumerable<LoadBalancerRequest> requests,
        IEnumerable<TargetChange> changes,
        IEnumerable<string> healthyAtStart,
        IEnumerable<RunEvent> events,
        int desiredHealthy)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling((endUnixMilliseconds - startUnixMilliseconds) / 1000.0));
        var perSecond = Enumerable.Range(0, seconds).Select(_ => (Requests: 0, Failed: 0, ByRelease: new Dictionary<string, int>(StringComparer.Ordinal))).ToArray();
        foreach (var request in requests.Where(request => !request.ClientAborted))
        {
            var second = (int)((request.EndedUnixMilliseconds - startUnixMilliseconds) / 1000);
            if (second < 0 || second >= seconds)
            {
                continue;
            }

            var bucket = perSecond[second];
            bucket.Requests++;
            if (request.Failed)
            {
                bucket.Failed++;
            }
            else if (request.Release is { } release)
            {
                bucket.ByRelease[release] = bucket.ByRelease.GetValueOrDefault(release) + 1;
            }

            perSecond[second] = bucket;
        }

        var healthy = HealthyOverTime(startUnixMilliseconds, seconds, changes, healthyAtStart);
        return new Timeline(
            title,
            perSecond.Select((bucket, second) => new TimelineSecond(second, bucket.Requests, bucket.Failed, healthy[second], bucket.ByRelease)).ToList(),
            events.Where(happened => happened.AtUnixMilliseconds >= startUnixMilliseconds && happened.AtUnixMilliseconds <= endUnixMilliseconds)
                .Select(happened => new TimelineEvent((happened.AtUnixMilliseconds - startUnixMilliseconds) / 1000.0, happened.Label))
                .ToList(),
            desiredHealthy,
            subtitle);
    }

    /// <summary>
    /// The fewest targets in service during each second: a second in which one went out counts without it, so a
    /// moment below the desired count is never hidden by a later one in the same second.
    /// </summary>
    public static int[] HealthyOverTime(long startUnixMilliseconds, int seconds, IEnumerable<TargetChange> changes, IEnumerable<string> healthyAtStart)
    {
        var inService = healthyAtStart.ToHashSet(StringComparer.Ordinal);
        var ordered = changes.OrderBy(change => change.AtUnixMilliseconds).ToList();
        var next = 0;
        while (next < ordered.Count && ordered[next].AtUnixMilliseconds < startUnixMilliseconds)
        {
            Apply(ordered[next++]);
        }

        var result = new int[seconds];
        for (var second = 0; second < seconds; second++)
        {
            var fewest = inService.Count;
            var end = startUnixMilliseconds + ((second + 1) * 1000L);
            while (next < ordered.Count && ordered[next].AtUnixMilliseconds < end)
            {
                Apply(ordered[next++]);
                fewest = Math.Min(fewest, inService.Count);
            }

            result[second] = fewest;
        }

        return result;

        void Apply(TargetChange change)
        {
            if (change.Health == TargetHealth.Healthy)
            {
                inService.Add(change.Server);
            }
            else
            {
                inService.Remove(change.Server);
            }
        }
    }
}
