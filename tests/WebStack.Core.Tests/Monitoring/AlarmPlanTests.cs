// The stack's alarms as the core decides them: each profile's thresholds and windows, the metrics and dimensions
// each one reads, the database limits derived from the settings, and the expressions' local twins agreeing with them.
using WebStack.Core.Monitoring;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Monitoring;

public sealed class AlarmPlanTests
{
    private static AlarmPlan Plan(string stack, params (string Name, string Value)[] settings) => AlarmPlan.For(Config.ValidStack(stack, settings));

    [Fact]
    public void Dev_waits_five_minutes_and_tolerates_more_prod_calls_after_three()
    {
        var dev = Plan("dev");
        var prod = Plan("prod");

        Assert.Equal((5, 5, 60), (dev[AlarmPlan.UnhealthyHosts].EvaluationPeriods, dev[AlarmPlan.UnhealthyHosts].DatapointsToAlarm, dev[AlarmPlan.UnhealthyHosts].PeriodSeconds));
        Assert.Equal((3, 3, 60), (prod[AlarmPlan.UnhealthyHosts].EvaluationPeriods, prod[AlarmPlan.UnhealthyHosts].DatapointsToAlarm, prod[AlarmPlan.UnhealthyHosts].PeriodSeconds));
        Assert.Equal((5.0, 1.0), (dev[AlarmPlan.TargetErrors].Threshold, prod[AlarmPlan.TargetErrors].Threshold));
        Assert.Equal((2.0, 1.0), (dev[AlarmPlan.ResponseTime].Threshold, prod[AlarmPlan.ResponseTime].Threshold));
        Assert.Equal((90.0, 80.0), (dev[AlarmPlan.DatabaseCpu].Threshold, prod[AlarmPlan.DatabaseCpu].Threshold));
        Assert.All(prod.Alarms, alarm => Assert.True(alarm.DatapointsToAlarm <= alarm.EvaluationPeriods, alarm.Key));
    }

    [Fact]
    public void Every_alarm_reads_the_metric_namespace_statistic_and_dimensions_cloudwatch_publishes()
    {
        var plan = Plan("prod");

        var single = plan.Alarms.Where(alarm => alarm.Metric is not null).ToDictionary(alarm => alarm.Key, alarm => alarm.Metric!);
        Assert.Equal(("AWS/ApplicationELB", "UnHealthyHostCount", "Maximum"), (single[AlarmPlan.UnhealthyHosts].Namespace, single[AlarmPlan.UnhealthyHosts].Name, single[AlarmPlan.UnhealthyHosts].Statistic));
        Assert.Equal([Watched.TargetGroup, Watched.LoadBalancer], single[AlarmPlan.UnhealthyHosts].Dimensions);
        Assert.Equal(("TargetResponseTime", "p99", true), (single[AlarmPlan.ResponseTime].Name, single[AlarmPlan.ResponseTime].Statistic, single[AlarmPlan.ResponseTime].IsPercentile));
        Assert.Equal(("AWS/AutoScaling", "GroupInServiceInstances", "Minimum"), (single[AlarmPlan.InService].Namespace, single[AlarmPlan.InService].Name, single[AlarmPlan.InService].Statistic));
        Assert.Equal([Watched.AutoScalingGroup], single[AlarmPlan.InService].Dimensions);
        Assert.Equal(("AWS/RDS", "FreeStorageSpace", "Minimum"), (single[AlarmPlan.DatabaseStorage].Namespace, single[AlarmPlan.DatabaseStorage].Name, single[AlarmPlan.DatabaseStorage].Statistic));
        Assert.Equal([Watched.Database], single[AlarmPlan.DatabaseConnections].Dimensions);
        var target = plan[AlarmPlan.TargetErrors];
        Assert.Equal(["HTTPCode_Target_5XX_Count", "RequestCount"], target.Metrics.Select(input => input.Metric.Name));
        Assert.All(target.Metrics, input => Assert.Equal([Watched.TargetGroup, Watched.LoadBalancer], input.Metric.Dimensions));
        var elb = plan[AlarmPlan.LoadBalancerErrors];
        Assert.Equal(["HTTPCode_ELB_5XX_Count", "RequestCount"], elb.Metrics.Select(input => input.Metric.Name));
        Assert.All(elb.Metrics, input => Assert.Equal([Watched.LoadBalancer], input.Metric.Dimensions));
        Assert.Equal("IF(FILL(requests, 0) + FILL(errors, 0) >= 10, 100 * FILL(errors, 0) / (FILL(requests, 0) + FILL(errors, 0)), 0)", elb.Math!.Expression);
        Assert.Equal("IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)", target.Math!.Expression);
    }

    [Theory]
    [InlineData(null, null, null)]
    // A load balancer with no target registered: every request a 503 the RequestCount doesn't count.
    [InlineData(null, 120.0, 100.0)]
    [InlineData(5.0, 5.0, 50.0)]
    [InlineData(4.0, 5.0, 0.0)]
    [InlineData(9.0, null, 0.0)]
    [InlineData(997.0, 3.0, 0.3)]
    public void The_load_balancers_error_rate_counts_the_5xx_it_gives_before_choosing_a_target(double? requests, double? errors, double? expected)
    {
        var alarm = Plan("dev")[AlarmPlan.LoadBalancerErrors];

        var rate = alarm.ValueOf(new Dictionary<string, double?> { ["requests"] = requests, ["errors"] = errors });

        if (expected is null)
        {
            Assert.Null(rate);
        }
        else
        {
            Assert.Equal(expected.Value, rate!.Value, 9);
        }

        // 120 such 503s in a minute are well over the threshold: the outage fires the alarm.
        Assert.True(alarm.ValueOf(new Dictionary<string, double?> { ["requests"] = null, ["errors"] = 120 }) > alarm.Threshold);
    }

    [Theory]
    [InlineData(null, 0.0, null)]
    [InlineData(9.0, 9.0, 0.0)]
    [InlineData(200.0, null, 0.0)]
    [InlineData(200.0, 3.0, 1.5)]
    [InlineData(10.0, 10.0, 100.0)]
    public void The_error_rate_expression_has_a_local_twin_that_gives_the_same_datapoints(double? requests, double? errors, double? expected)
    {
        var alarm = Plan("dev")[AlarmPlan.TargetErrors];

        // CloudWatch: no RequestCount datapoint, no datapoint; fewer than 10 requests, 0; a minute without 5xx, FILL 0.
        Assert.Equal(expected, alarm.ValueOf(new Dictionary<string, double?> { ["requests"] = requests, ["errors"] = errors }));
    }

    [Fact]
    public void The_group_alarm_fires_below_min_size_and_the_storage_alarm_below_a_share_of_the_allocated_bytes()
    {
        var plan = Plan("prod", ("minSize", "4"), ("maxSize", "10"), ("dbAllocatedStorage", "200"));

        Assert.Equal((Comparison.LessThanThreshold, 4.0), (plan[AlarmPlan.InService].Comparison, plan[AlarmPlan.InService].Threshold));
        Assert.Equal(Comparison.LessThanThreshold, plan[AlarmPlan.DatabaseStorage].Comparison);
        Assert.Equal(200 * 0.2 * 1024 * 1024 * 1024, plan[AlarmPlan.DatabaseStorage].Threshold);
        Assert.Equal("less than 42,949,672,960 bytes (40 GB)", plan[AlarmPlan.DatabaseStorage].Condition);
    }

    [Theory]
    [InlineData("db.t4g.micro", 112, 78)]
    [InlineData("db.t4g.medium", 450, 315)]
    [InlineData("db.m7g.large", 901, 630)]
    [InlineData("db.r6g.xlarge", 3604, 2522)]
    [InlineData("db.m7g.16xlarge", 5000, 3500)]
    public void The_connections_alarm_sits_at_70_percent_of_what_rds_allows_the_class_by_default(string instanceClass, int max, double threshold)
    {
        var plan = Plan("dev", ("dbInstanceClass", instanceClass));

        Assert.Equal(max, DatabaseConnectionLimit.MaxConnections(instanceClass));
        Assert.Equal(threshold, plan[AlarmPlan.DatabaseConnections].Threshold);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void A_class_the_table_doesnt_know_gets_no_connections_alarm_and_the_plan_says_why()
    {
        var plan = Plan("dev", ("dbInstanceClass", "db.x2iedn.xlarge"));

        Assert.DoesNotContain(plan.Alarms, alarm => alarm.Key == AlarmPlan.DatabaseConnections);
        Assert.Contains("no connections alarm: the memory of db.x2iedn.xlarge is not in the table", Assert.Single(plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Deploys_are_guarded_by_the_target_errors_alarm_which_exists_before_the_group()
    {
        var plan = Plan("dev");

        // Not by unhealthy hosts: new servers fail their first checks while they boot, in a deploy that goes well.
        Assert.Equal([AlarmPlan.TargetErrors], plan.DeployGuards.Select(alarm => alarm.Key));
        Assert.All(plan.DeployGuards, guard => Assert.Contains(guard, plan.BeforeFleet));
        Assert.Equal([AlarmPlan.InService], plan.AfterFleet.Select(alarm => alarm.Key));
        Assert.Equal(plan.Alarms.Count, plan.BeforeFleet.Count + plan.AfterFleet.Count);
    }
}
