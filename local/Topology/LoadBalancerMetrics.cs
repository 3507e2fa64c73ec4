// What HAProxy reports, as CloudWatch would have it of an Application Load Balancer and its auto-scaling group, second
// by second: from its access log the requests (RequestCount), the 5xx its servers gave (HTTPCode_Target_5XX_Count) and
// those it gave itself (HTTPCode_ELB_5XX_Count), and the servers' response times (TargetResponseTime); from its
// statistics the targets that fail their checks (UnHealthyHostCount) and the servers in service
// (GroupInServiceInstances). Like the ALB's, a count with nothing to count has no datapoint.
using WebStack.Core.Monitoring;

namespace WebStack.Local.Topology;

/// <param name="Unhealthy">Registered targets marked down that an ALB counts as unhealthy: once healthy, or new ones that
/// have failed as many checks as the unhealthy threshold (before that a new target is in its initial state).</param>
/// <param name="InService">Targets in the group that are not unhealthy and not leaving: the servers an auto-scaling
/// group with ELB health checks keeps in service.</param>
public sealed record TargetSample(int Unhealthy, int InService)
{
    /// <param name="everHealthy">Targets seen healthy since they were registered; updated here.</param>
    public static TargetSample Of(IReadOnlyList<TargetState> targets, ISet<string> everHealthy, int unhealthyThreshold)
    {
        everHealthy.IntersectWith(targets.Select(target => target.Name));
        foreach (var target in targets.Where(target => target.IsHealthy))
        {
            everHealthy.Add(target.Name);
        }

        var registered = targets.Where(target => !target.Status.StartsWith("MAINT", StringComparison.Ordinal) && !target.Status.StartsWith("DRAIN", StringComparison.Ordinal)).ToList();
        var unhealthy = registered.Count(target => target.Status.StartsWith("DOWN", StringComparison.Ordinal)
            && (everHealthy.Contains(target.Name) || target.ChecksFailed >= unhealthyThreshold));
        return new TargetSample(unhealthy, registered.Count - unhealthy);
    }
}

public sealed class LoadBalancerMetrics
{
    private sealed class Second
    {
        public List<LoadBalancerRequest> Requests { get; } = [];

        public List<TargetSample> Samples { get; } = [];
    }

    private readonly SortedDictionary<long, Second> _seconds = [];

    /// <summary>Whether the rehearsal reports <paramref name="metric"/> (the database's metrics are RDS's alone).</summary>
    public static bool Reports(MetricRef metric) => metric.Name is "RequestCount" or "HTTPCode_Target_5XX_Count" or "HTTPCode_ELB_5XX_Count"
        or "TargetResponseTime" or "UnHealthyHostCount" or "GroupInServiceInstances";

    /// <summary>A request, in the second it ended (when an ALB counts it).</summary>
    public void Add(LoadBalancerRequest request) => At(request.EndedUnixMilliseconds).Requests.Add(request);

    public void Add(long atUnixMilliseconds, TargetSample sample) => At(atUnixMilliseconds).Samples.Add(sample);

    /// <summary>Drops what is older than <paramref name="unixMilliseconds"/>: no alarm looks that far back.</summary>
    public void Forget(long unixMilliseconds)
    {
        foreach (var second in _seconds.Keys.TakeWhile(second => second * 1000 < unixMilliseconds).ToList())
        {
            _seconds.Remove(second);
        }
    }

    /// <summary>The metric's value over [start, start + length), with its statistic; null when there is no datapoint.</summary>
    public double? ValueOf(MetricRef metric, long startUnixMilliseconds, long lengthMilliseconds)
    {
        var seconds = _seconds.Where(pair => pair.Key * 1000 >= startUnixMilliseconds && pair.Key * 1000 < startUnixMilliseconds + lengthMilliseconds)
            .Select(pair => pair.Value).ToList();
        var requests = seconds.SelectMany(second => second.Requests).Where(request => !request.ClientAborted).ToList();
        var perTarget = metric.Dimensions.Contains(Watched.TargetGroup);
        return metric.Name switch
        {
            "RequestCount" => Count(requests.Count(request => !perTarget || request.ReachedTarget)),
            "HTTPCode_Target_5XX_Count" => Count(requests.Count(request => request.IsTarget5xx)),
            "HTTPCode_ELB_5XX_Count" => Count(requests.Count(request => request.IsLoadBalancer5xx)),
            "TargetResponseTime" => Statistic(metric.Statistic, requests.Where(request => request.ResponseMilliseconds is not null)
                .Select(request => request.ResponseMilliseconds!.Value / 1000.0).ToList()),
            "UnHealthyHostCount" => Statistic(metric.Statistic, seconds.SelectMany(second => second.Samples).Select(sample => (double)sample.Unhealthy).ToList()),
            "GroupInServiceInstances" => Statistic(metric.Statistic, seconds.SelectMany(second => second.Samples).Select(sample => (double)sample.InService).ToList()),
            _ => throw new ArgumentException($"the rehearsal doesn't report {metric}", nameof(metric)),
        };
    }

    /// <summary>CloudWatch's statistics; a percentile by nearest rank.</summary>
    public static double? Statistic(string statistic, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        return statistic switch
        {
            "Sum" => values.Sum(),
            "Maximum" => values.Max(),
            "Minimum" => values.Min(),
            "Average" => values.Average(),
            "SampleCount" => values.Count,
            _ when statistic.StartsWith('p') && double.TryParse(statistic[1..], System.Globalization.CultureInfo.InvariantCulture, out var percentile) =>
                values.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(percentile / 100 * values.Count) - 1)),
            _ => throw new ArgumentException($"no statistic {statistic}", nameof(statistic)),
        };
    }

    private static double? Count(int count) => count == 0 ? null : count;

    private Second At(long unixMilliseconds)
    {
        var key = unixMilliseconds / 1000;
        if (!_seconds.TryGetValue(key, out var second))
        {
            second = new Second();
            _seconds[key] = second;
        }

        return second;
    }
}
