// The stack's alarms, from its settings: the load balancer's (5xx from the targets and from the load balancer itself
// as a share of the requests, unhealthy targets, the targets' 99th percentile response time), the group's (fewer
// servers in service than minSize) and the database's (CPU, free storage, connections near the maximum). Each goes to
// the stack's SNS topic when it fires and when it clears.
using System.Globalization;
using WebStack.Core.Settings;

namespace WebStack.Core.Monitoring;

public sealed record AlarmPlan(IReadOnlyList<AlarmDefinition> Alarms, IReadOnlyList<string> Notes)
{
    public const string TargetErrors = "target-5xx";
    public const string LoadBalancerErrors = "elb-5xx";
    public const string UnhealthyHosts = "unhealthy-hosts";
    public const string ResponseTime = "response-time-p99";
    public const string InService = "in-service";
    public const string DatabaseCpu = "db-cpu";
    public const string DatabaseStorage = "db-free-storage";
    public const string DatabaseConnections = "db-connections";

    /// <summary>ALB metrics come once a minute: a shorter period has no datapoints.</summary>
    public const int LoadBalancerPeriodSeconds = 60;

    /// <summary>The database's alarms look at five-minute datapoints: a slow trend, not a spike.</summary>
    public const int DatabasePeriodSeconds = 300;

    private const double BytesPerGiB = 1024d * 1024 * 1024;

    public AlarmDefinition this[string key] => Alarms.Single(alarm => alarm.Key == key);

    /// <summary>The alarms that don't watch the auto-scaling group: they exist before it (its refresh watches some).</summary>
    public IReadOnlyList<AlarmDefinition> BeforeFleet => Alarms.Where(alarm => !WatchesGroup(alarm)).ToList();

    /// <summary>The alarms on the auto-scaling group's own metrics: made once the group exists.</summary>
    public IReadOnlyList<AlarmDefinition> AfterFleet => Alarms.Where(WatchesGroup).ToList();

    /// <summary>The alarms an instance refresh watches: it fails, and rolls back, while one of them is in ALARM.</summary>
    public IReadOnlyList<AlarmDefinition> DeployGuards => Alarms.Where(alarm => alarm.GuardsDeploys).ToList();

    public static AlarmPlan For(StackSettings settings)
    {
        var policy = AlarmPolicy.For(settings.Profile);
        var minutes = policy.Minutes;
        var database = settings.Database;
        var alarms = new List<AlarmDefinition>
        {
            ErrorRate(TargetErrors, "targets answer with 5xx",
                "The servers (nginx or the app) answer more than the threshold's share of requests with 5xx. "
                + "Look at the app's log group for the requests' ids; a deploy that makes this fire is rolled back.",
                MetricRef.TargetGroup("HTTPCode_Target_5XX_Count", "Sum", "Count"), MetricRef.TargetGroup("RequestCount", "Sum", "Count"),
                policy, guardsDeploys: true),
            ErrorRate(LoadBalancerErrors, "the load balancer answers with 5xx",
                "The load balancer itself answers with 5xx (502, 503, 504: no healthy target, a target that closed the connection or timed out). "
                + "Look at its access logs in S3 and at the unhealthy-hosts alarm.",
                MetricRef.LoadBalancer("HTTPCode_ELB_5XX_Count", "Sum", "Count"), MetricRef.LoadBalancer("RequestCount", "Sum", "Count"),
                policy, guardsDeploys: false, errorsOutsideRequests: true),
            // Not a deploy guard: a new server is registered while it still boots and fails its first checks, so this
            // can fire in a deploy that is going well; the refresh itself waits for new servers to pass their checks.
            Single(UnhealthyHosts, "targets fail their health checks",
                "At least one registered server fails the target group's health check; the auto-scaling group replaces it "
                + "(a new server that boots for longer than the window shows here too).",
                MetricRef.TargetGroup("UnHealthyHostCount", "Maximum", "Count"), LoadBalancerPeriodSeconds, minutes,
                Comparison.GreaterThanThreshold, 0, "hosts"),
            Single(ResponseTime, "slow answers",
                "The targets' 99th percentile response time (from the load balancer sending a request to the first byte of the answer) is above the threshold.",
                MetricRef.TargetGroup("TargetResponseTime", "p99", "Seconds"), LoadBalancerPeriodSeconds, minutes,
                Comparison.GreaterThanThreshold, policy.LatencyP99Seconds, "s"),
            Single(InService, "fewer servers in service than minSize",
                $"The auto-scaling group has fewer than minSize ({settings.Fleet.MinSize}) servers in service: it can't launch or keep them.",
                MetricRef.Group("GroupInServiceInstances", "Minimum", "Count"), LoadBalancerPeriodSeconds, minutes,
                Comparison.LessThanThreshold, settings.Fleet.MinSize, "servers"),
            Single(DatabaseCpu, "the database is busy",
                "The database's average CPU is above the threshold for 15 minutes: slow queries or too small a class.",
                MetricRef.Database("CPUUtilization", "Average", "Percent"), DatabasePeriodSeconds, 3,
                Comparison.GreaterThanThreshold, policy.DatabaseCpuPercent, "%"),
            Single(DatabaseStorage, "the database is running out of storage",
                $"Less than {policy.FreeStorageShare * 100:0} % of the database's {database.AllocatedStorageGb} GB is free. Raise dbAllocatedStorage.",
                MetricRef.Database("FreeStorageSpace", "Minimum", "Bytes"), DatabasePeriodSeconds, 1,
                Comparison.LessThanThreshold, Math.Round(database.AllocatedStorageGb * BytesPerGiB * policy.FreeStorageShare), "bytes"),
        };
        var notes = new List<string>();
        if (DatabaseConnectionLimit.MaxConnections(database.InstanceClass) is { } max)
        {
            var threshold = Math.Floor(max * policy.ConnectionsShare);
            alarms.Add(Single(DatabaseConnections, "database connections near the maximum",
                $"More than {threshold.ToString(CultureInfo.InvariantCulture)} connections: {policy.ConnectionsShare * 100:0} % of the {max} that RDS for PostgreSQL allows "
                + $"{database.InstanceClass} by default (LEAST(DBInstanceClassMemory/{DatabaseConnectionLimit.BytesPerConnection}, {DatabaseConnectionLimit.Ceiling}), "
                + "from the class's memory; the real limit is a little lower).",
                MetricRef.Database("DatabaseConnections", "Maximum", "Count"), LoadBalancerPeriodSeconds, minutes,
                Comparison.GreaterThanThreshold, threshold, "connections"));
        }
        else
        {
            notes.Add($"no connections alarm: the memory of {database.InstanceClass} is not in the table (core/Monitoring/DatabaseConnectionLimit.cs), "
                + "so its default max_connections is unknown");
        }

        return new AlarmPlan(alarms, notes);
    }

    /// <summary>
    /// A share of 5xx answers, in percent, from minutes with at least MinimumRequests requests; a minute without a
    /// 5xx has no datapoint of the error count (FILL makes it 0), and a minute without requests has none at all.
    /// <paramref name="errorsOutsideRequests"/>: the load balancer's RequestCount leaves out the requests it rejects
    /// before choosing a target (a 503 with no target registered), which its 5xx count does include, so the rate is
    /// taken of both: else a load balancer with no target at all would answer every request with 503 at a rate of 0.
    /// A 502 or 504 then counts twice in the total, which reads a true rate r as r / (1 + r): about r where the
    /// threshold is, 50 % when every answer is one.
    /// </summary>
    private static AlarmDefinition ErrorRate(
        string key, string title, string description, MetricRef errors, MetricRef requests, AlarmPolicy policy, bool guardsDeploys, bool errorsOutsideRequests = false)
    {
        var minimum = AlarmPolicy.MinimumRequests;
        var math = errorsOutsideRequests
            ? new MetricMath("rate",
                $"IF(FILL(requests, 0) + FILL(errors, 0) >= {minimum}, 100 * FILL(errors, 0) / (FILL(requests, 0) + FILL(errors, 0)), 0)",
                $"{title}, % of requests",
                values => (values.GetValueOrDefault("requests"), values.GetValueOrDefault("errors")) switch
                {
                    (null, null) => null,
                    var (count, failed) when (count ?? 0) + (failed ?? 0) >= minimum => 100 * (failed ?? 0) / ((count ?? 0) + (failed ?? 0)),
                    _ => 0,
                })
            : new MetricMath("rate",
                $"IF(requests >= {minimum}, 100 * FILL(errors, 0) / requests, 0)",
                $"{title}, % of requests",
                values => values.GetValueOrDefault("requests") is { } count
                    ? count >= minimum ? 100 * (values.GetValueOrDefault("errors") ?? 0) / count : 0
                    : null);
        return new AlarmDefinition(key, title, description, [new("errors", errors), new("requests", requests)], math,
            LoadBalancerPeriodSeconds, policy.Minutes, policy.Minutes, Comparison.GreaterThanThreshold, policy.ErrorRatePercent, "%",
            GuardsDeploys: guardsDeploys);
    }

    private static bool WatchesGroup(AlarmDefinition alarm) =>
        alarm.Metrics.Any(input => input.Metric.Dimensions.Contains(Watched.AutoScalingGroup));

    private static AlarmDefinition Single(string key, string title, string description, MetricRef metric, int period, int datapoints,
        Comparison comparison, double threshold, string unit, bool guardsDeploys = false) =>
        new(key, title, description, [new("m", metric)], null, period, datapoints, datapoints, comparison, threshold, unit, GuardsDeploys: guardsDeploys);
}
