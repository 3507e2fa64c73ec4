// Maps one of the core's alarm definitions onto a CloudWatch metric alarm: one metric with its statistic (a percentile
// as an extended statistic), or metric math over its inputs, the dimensions filled with the stack's resources, and the
// stack's SNS topic told when it fires and when it clears.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Monitoring;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <summary>The values of the resources the alarms' dimensions name; the group's only exists once it does.</summary>
public sealed record WatchedResources(Output<string> LoadBalancer, Output<string> TargetGroup, Output<string> Database, Output<string>? AutoScalingGroup = null)
{
    public Output<string> ValueOf(Watched watched) => watched switch
    {
        Watched.LoadBalancer => LoadBalancer,
        Watched.TargetGroup => TargetGroup,
        Watched.Database => Database,
        Watched.AutoScalingGroup => AutoScalingGroup ?? throw new InvalidOperationException("an alarm on the auto-scaling group is made once the group exists"),
        _ => throw new ArgumentOutOfRangeException(nameof(watched), watched, null),
    };

    public Output<MonitoredResources> All => Output.Tuple(LoadBalancer, TargetGroup, AutoScalingGroup ?? Output.Create(""), Database)
        .Apply(values => new MonitoredResources(values.Item1, values.Item2, values.Item3, values.Item4));
}

internal static class MetricAlarms
{
    public const string NotBreaching = "notBreaching";

    public static Aws.CloudWatch.MetricAlarm Create(StackPlan plan, AlarmDefinition alarm, WatchedResources resources, Output<string> topicArn, Resource parent)
    {
        var name = plan.Names.Alarm(alarm.Key);
        var args = new Aws.CloudWatch.MetricAlarmArgs
        {
            AlarmDescription = $"{plan.Names.Base}: {alarm.Title} ({alarm.Condition}, {alarm.Window}). {alarm.Description}",
            ComparisonOperator = alarm.Comparison.ToString(),
            EvaluationPeriods = alarm.EvaluationPeriods,
            DatapointsToAlarm = alarm.DatapointsToAlarm,
            Threshold = alarm.Threshold,
            TreatMissingData = alarm.Missing == MissingData.NotBreaching ? NotBreaching : "breaching",
            ActionsEnabled = true,
            AlarmActions = { topicArn },
            OkActions = { topicArn },
            Tags = Tagging.For(plan, name),
        };
        if (alarm.Math is { } math)
        {
            args.MetricQueries.Add(new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
            {
                Id = math.Id,
                Expression = math.Expression,
                Label = math.Label,
                ReturnData = true,
            });
            foreach (var input in alarm.Metrics)
            {
                args.MetricQueries.Add(new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
                {
                    Id = input.Id,
                    ReturnData = false,
                    Metric = new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryMetricArgs
                    {
                        Namespace = input.Metric.Namespace,
                        MetricName = input.Metric.Name,
                        Stat = input.Metric.Statistic,
                        Period = alarm.PeriodSeconds,
                        Dimensions = Dimensions(input.Metric, resources),
                    },
                });
            }
        }
        else
        {
            var metric = alarm.Metric!;
            args.Namespace = metric.Namespace;
            args.MetricName = metric.Name;
            args.Period = alarm.PeriodSeconds;
            args.Dimensions = Dimensions(metric, resources);
            if (metric.IsPercentile)
            {
                args.ExtendedStatistic = metric.Statistic;
            }
            else
            {
                args.Statistic = metric.Statistic;
            }
        }

        return new Aws.CloudWatch.MetricAlarm(name.Logical, args, new CustomResourceOptions { Parent = parent });
    }

    private static InputMap<string> Dimensions(MetricRef metric, WatchedResources resources)
    {
        var dimensions = new InputMap<string>();
        foreach (var watched in metric.Dimensions)
        {
            dimensions.Add(MetricRef.DimensionName(watched), resources.ValueOf(watched));
        }

        return dimensions;
    }
}
