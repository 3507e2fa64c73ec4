// A CloudWatch metric an alarm or the dashboard reads: its namespace, name and statistic, and which of the stack's
// resources its dimensions name. The resources' ids exist only once AWS made them (the load balancer's ARN suffix,
// the group's name...), so a metric names the kind of resource and MonitoredResources fills in the value.
namespace WebStack.Core.Monitoring;

/// <summary>A resource of the stack a metric's dimension names.</summary>
public enum Watched
{
    /// <summary>LoadBalancer: the load balancer's ARN suffix, app/&lt;name&gt;/&lt;id&gt;.</summary>
    LoadBalancer,

    /// <summary>TargetGroup: the target group's ARN suffix, targetgroup/&lt;name&gt;/&lt;id&gt;.</summary>
    TargetGroup,

    /// <summary>AutoScalingGroupName: the group's name.</summary>
    AutoScalingGroup,

    /// <summary>DBInstanceIdentifier: the database's identifier.</summary>
    Database,
}

/// <param name="Statistic">Sum, Average, Minimum, Maximum, SampleCount, or a percentile such as p99 (an extended statistic).</param>
/// <param name="Unit">The metric's unit as CloudWatch stores it (for people; alarms don't filter on it).</param>
public sealed record MetricRef(string Namespace, string Name, string Statistic, IReadOnlyList<Watched> Dimensions, string Unit)
{
    public const string LoadBalancerNamespace = "AWS/ApplicationELB";
    public const string AutoScalingNamespace = "AWS/AutoScaling";
    public const string DatabaseNamespace = "AWS/RDS";

    /// <summary>A percentile (p99) is an extended statistic: CloudWatch takes it in a field of its own.</summary>
    public bool IsPercentile => Statistic.StartsWith('p');

    /// <summary>The dimension's name in CloudWatch.</summary>
    public static string DimensionName(Watched watched) => watched switch
    {
        Watched.LoadBalancer => "LoadBalancer",
        Watched.TargetGroup => "TargetGroup",
        Watched.AutoScalingGroup => "AutoScalingGroupName",
        Watched.Database => "DBInstanceIdentifier",
        _ => throw new ArgumentOutOfRangeException(nameof(watched), watched, null),
    };

    public static MetricRef LoadBalancer(string name, string statistic, string unit) =>
        new(LoadBalancerNamespace, name, statistic, [Watched.LoadBalancer], unit);

    public static MetricRef TargetGroup(string name, string statistic, string unit) =>
        new(LoadBalancerNamespace, name, statistic, [Watched.TargetGroup, Watched.LoadBalancer], unit);

    public static MetricRef Group(string name, string statistic, string unit) =>
        new(AutoScalingNamespace, name, statistic, [Watched.AutoScalingGroup], unit);

    public static MetricRef Database(string name, string statistic, string unit) =>
        new(DatabaseNamespace, name, statistic, [Watched.Database], unit);

    public override string ToString() => $"{Namespace} {Name} {Statistic}";
}

/// <summary>The values of the stack's resources that metrics' dimensions name.</summary>
public sealed record MonitoredResources(string LoadBalancer, string TargetGroup, string AutoScalingGroup, string Database)
{
    public string ValueOf(Watched watched) => watched switch
    {
        Watched.LoadBalancer => LoadBalancer,
        Watched.TargetGroup => TargetGroup,
        Watched.AutoScalingGroup => AutoScalingGroup,
        Watched.Database => Database,
        _ => throw new ArgumentOutOfRangeException(nameof(watched), watched, null),
    };

    /// <summary>The metric's dimensions with their values, in the metric's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DimensionsOf(MetricRef metric) =>
        metric.Dimensions.Select(watched => new KeyValuePair<string, string>(MetricRef.DimensionName(watched), ValueOf(watched))).ToList();
}
