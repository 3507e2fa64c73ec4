// What operators see, as the program builds it: a log group per server log kept the profile's days, the load
// balancer's access logs in a bucket only the region's log writer may put into, an alarm for every definition of the
// plan reading the right metric of the right resource (the load balancer's and target group's ARN suffixes, the
// group's name, the database's identifier) with its threshold and window, an SNS topic they all tell, the e-mail
// subscription only with alarmEmail, the instance refresh guarded by the plan's alarms, and the dashboard.
using System.Text.Json;
using WebStack.Core.Monitoring;
using WebStack.Core.Servers;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class MonitoringTests
{
    [Theory]
    [InlineData("dev", 7)]
    [InlineData("prod", 90)]
    public async Task EachServerLogHasAGroupKeptTheProfilesDays(string stack, int days)
    {
        var run = await StackRunner.RunAsync(stack);

        foreach (var key in ServerLogs.Keys)
        {
            var group = run.Named(ResourceTypes.LogGroup, run.Plan.Names.ServerLogGroup(key));
            Assert.Equal(days, group.Number("retentionInDays"));
        }

        Assert.Equal(days, (await StackRunner.RunAsync(stack, new Dictionary<string, string> { ["logRetentionDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .Named(ResourceTypes.LogGroup, run.Plan.Names.ServerLogGroup(ServerLogs.App)).Number("retentionInDays"));
    }

    [Theory]
    [InlineData("dev", "us-east-1", true, "AWS", "arn:aws:iam::127311923021:root")]
    [InlineData("prod", "us-east-1", false, "AWS", "arn:aws:iam::127311923021:root")]
    [InlineData("dev", "eu-central-2", true, "Service", "logdelivery.elasticloadbalancing.amazonaws.com")]
    public async Task TheLoadBalancersAccessLogsGoToAPrivateBucketOnlyTheRegionsLogWriterMayPutInto(
        string stack, string region, bool emptiedOnDestroy, string principalKind, string principal)
    {
        var run = await StackRunner.RunAsync(stack, new Dictionary<string, string> { ["aws:region"] = region });
        var names = run.Plan.Names;
        var bucket = run.Named(ResourceTypes.Bucket, names.AccessLogBucket);
        var bucketId = MockCloud.IdOf(bucket.Name!);

        Assert.Equal(emptiedOnDestroy, bucket.Flag("forceDestroy"));
        Assert.Equal(run.Plan.Lifecycle.EmptyBucketsOnDestroy, bucket.Flag("forceDestroy"));
        var block = run.Named(ResourceTypes.BucketPublicAccessBlock, names.AccessLogBucketPublicAccessBlock);
        Assert.True(block.Flag("blockPublicAcls") && block.Flag("blockPublicPolicy") && block.Flag("ignorePublicAcls") && block.Flag("restrictPublicBuckets"));
        // SSE-S3: the only encryption ALB log delivery supports.
        Assert.Equal("AES256", Assert.Single(run.Named(ResourceTypes.BucketEncryption, names.AccessLogBucketEncryption).Maps("rules"))
            .Map("applyServerSideEncryptionByDefault").Text("sseAlgorithm"));
        var expiry = Assert.Single(run.Named(ResourceTypes.BucketLifecycle, names.AccessLogBucketExpiry).Maps("rules"));
        Assert.Equal(("Enabled", "alb/", run.Plan.Settings.Monitoring.LogRetentionDays),
            (expiry.Text("status"), expiry.Map("filter").Text("prefix"), expiry.Map("expiration").Number("days")));

        var policy = run.Named(ResourceTypes.BucketPolicy, names.AccessLogBucketPolicy);
        Assert.Equal(bucketId, policy.Text("bucket"));
        using var document = JsonDocument.Parse(policy.Text("policy"));
        var statement = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray(), statement => statement.GetProperty("Effect").GetString() == "Allow");
        Assert.Equal(principal, statement.GetProperty("Principal").GetProperty(principalKind).GetString());
        Assert.Equal("s3:PutObject", statement.GetProperty("Action").GetString());
        Assert.Equal($"arn:aws:s3:::{MockCloud.BucketNameFor(bucket.Name!)}/alb/AWSLogs/{MockCloud.Account}/*", statement.GetProperty("Resource").GetString());

        var alb = run.Single(ResourceTypes.LoadBalancer).Map("accessLogs");
        Assert.Equal((MockCloud.BucketNameFor(bucket.Name!), "alb", true), (alb.Text("bucket"), alb.Text("prefix"), alb.Flag("enabled")));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task EveryAlarmOfThePlanReadsItsMetricOfTheStacksResourcesWithItsThresholdAndWindow(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var names = run.Plan.Names;
        var plan = AlarmPlan.For(run.Plan.Settings);
        var loadBalancer = MockCloud.ArnSuffixFor("app", MockCloud.AutonameFor(run.Single(ResourceTypes.LoadBalancer).Name!));
        var targetGroup = MockCloud.ArnSuffixFor("targetgroup", MockCloud.AutonameFor(run.Single(ResourceTypes.TargetGroup).Name!));
        var group = MockCloud.AutonameFor(run.Single(ResourceTypes.AutoScalingGroup).Name!);
        var database = MockCloud.AutonameFor(run.Single(ResourceTypes.DbInstance).Name!);
        var topic = $"arn:aws:sns:{MockCloud.Region}:{MockCloud.Account}:{MockCloud.AutonameFor(run.Single(ResourceTypes.Topic).Name!)}";
        Dictionary<string, string> Dimensions(MetricRef metric) => metric.Dimensions.ToDictionary(MetricRef.DimensionName, watched => watched switch
        {
            Watched.LoadBalancer => loadBalancer,
            Watched.TargetGroup => targetGroup,
            Watched.AutoScalingGroup => group,
            _ => database,
        });

        Assert.Equal(plan.Alarms.Count, run.OfType(ResourceTypes.MetricAlarm).Count);
        Assert.StartsWith("app/webstack-", loadBalancer, StringComparison.Ordinal);
        Assert.Matches("^targetgroup/webstack-[a-z0-9-]+/[0-9a-f]{16}$", targetGroup);
        foreach (var alarm in plan.Alarms)
        {
            var resource = run.Named(ResourceTypes.MetricAlarm, names.Alarm(alarm.Key));
            Assert.Equal(alarm.Comparison.ToString(), resource.Text("comparisonOperator"));
            Assert.Equal(alarm.Threshold, (double)resource.Input("threshold")!);
            Assert.Equal((alarm.EvaluationPeriods, alarm.DatapointsToAlarm), (resource.Number("evaluationPeriods"), resource.Number("datapointsToAlarm")));
            Assert.Equal("notBreaching", resource.Text("treatMissingData"));
            Assert.Equal([topic], resource.Texts("alarmActions"));
            Assert.Equal([topic], resource.Texts("okActions"));
            Assert.Contains(alarm.Title, resource.Text("alarmDescription"), StringComparison.Ordinal);
            if (alarm.Metric is { } metric)
            {
                Assert.Equal((metric.Namespace, metric.Name, alarm.PeriodSeconds), (resource.Text("namespace"), resource.Text("metricName"), resource.Number("period")));
                Assert.Equal(metric.Statistic, resource.Text(metric.IsPercentile ? "extendedStatistic" : "statistic"));
                Assert.False(resource.Has(metric.IsPercentile ? "statistic" : "extendedStatistic"));
                Assert.Equal(Dimensions(metric), resource.Map("dimensions").ToDictionary(pair => pair.Key, pair => (string)pair.Value));
                Assert.Empty(resource.List("metricQueries"));
            }
            else
            {
                var queries = resource.Maps("metricQueries");
                var expression = Assert.Single(queries, query => query.Get("expression") is not null);
                Assert.Equal((alarm.Math!.Expression, true), (expression.Text("expression"), expression.Flag("returnData")));
                foreach (var input in alarm.Metrics)
                {
                    var query = Assert.Single(queries, query => query.Text("id") == input.Id);
                    Assert.False(query.Flag("returnData"));
                    var metricQuery = query.Map("metric");
                    Assert.Equal((input.Metric.Namespace, input.Metric.Name, input.Metric.Statistic, alarm.PeriodSeconds),
                        (metricQuery.Text("namespace"), metricQuery.Text("metricName"), metricQuery.Text("stat"), metricQuery.Number("period")));
                    Assert.Equal(Dimensions(input.Metric), metricQuery.Map("dimensions").ToDictionary(pair => pair.Key, pair => (string)pair.Value));
                }

                Assert.False(resource.Has("metricName"));
            }
        }
    }

    [Fact]
    public async Task TheAlarmEmailIsSubscribedToTheTopicAndWithoutItNobodyIs()
    {
        var with = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["alarmEmail"] = "ops@example.com" });
        var without = await StackRunner.RunAsync("dev");

        var subscription = with.Single(ResourceTypes.TopicSubscription);
        Assert.Equal(("email", "ops@example.com"), (subscription.Text("protocol"), subscription.Text("endpoint")));
        Assert.Equal($"arn:aws:sns:{MockCloud.Region}:{MockCloud.Account}:{MockCloud.AutonameFor(with.Single(ResourceTypes.Topic).Name!)}", subscription.Text("topic"));
        Assert.Single(without.OfType(ResourceTypes.Topic));
        Assert.Empty(without.OfType(ResourceTypes.TopicSubscription));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task AnInstanceRefreshFailsAndRollsBackWhileItsGuardAlarmsFireAndTheGroupPublishesItsMetrics(string stack)
    {
        using var aws = FakeAwsCli.DeployingANewVersion();
        var run = await StackRunner.RunAsync(stack, aws: aws);
        var group = run.Single(ResourceTypes.AutoScalingGroup);
        var plan = AlarmPlan.For(run.Plan.Settings);

        var guards = aws.StartedPreferences.GetProperty("AlarmSpecification").GetProperty("Alarms");
        Assert.Equal(plan.DeployGuards.Select(alarm => MockCloud.AutonameFor(run.Plan.Names.Alarm(alarm.Key).Logical)),
            guards.EnumerateArray().Select(alarm => alarm.GetString()));
        Assert.Equal(AppFleet.GroupMetricsGranularity, group.Text("metricsGranularity"));
        var enabled = group.Texts("enabledMetrics");
        Assert.All(plan.Alarms.SelectMany(alarm => alarm.Metrics).Where(input => input.Metric.Namespace == MetricRef.AutoScalingNamespace),
            input => Assert.Contains(input.Metric.Name, enabled));
    }

    [Fact]
    public async Task TheDashboardShowsTheStacksAlarmsUnderANameNoOtherStackShares()
    {
        var run = await StackRunner.RunAsync("dev");
        var dashboard = run.Single(ResourceTypes.Dashboard);

        Assert.Equal($"{run.Plan.Names.Dashboard.Logical}-k3y5uf1x", dashboard.Text("dashboardName"));
        using var body = JsonDocument.Parse(dashboard.Text("dashboardBody"));
        var alarmWidget = body.RootElement.GetProperty("widgets").EnumerateArray().Single(widget => widget.GetProperty("type").GetString() == "alarm");
        var arns = alarmWidget.GetProperty("properties").GetProperty("alarms").EnumerateArray().Select(arn => arn.GetString()).ToList();
        Assert.Equal(run.OfType(ResourceTypes.MetricAlarm).Select(alarm => $"arn:aws:cloudwatch:{MockCloud.Region}:{MockCloud.Account}:alarm:{MockCloud.AutonameFor(alarm.Name!)}").Order(),
            arns.Order());
        var text = dashboard.Text("dashboardBody");
        Assert.Contains(MockCloud.ArnSuffixFor("targetgroup", MockCloud.AutonameFor(run.Single(ResourceTypes.TargetGroup).Name!)), text, StringComparison.Ordinal);
        Assert.Contains(MockCloud.AutonameFor(run.Plan.Names.ServerLogGroup(ServerLogs.NginxAccess).Logical), text, StringComparison.Ordinal);
        Assert.Equal(dashboard.Text("dashboardName"), await run.Stack.DashboardName.GetValueAsync());
    }
}
