// The dashboard's body as CloudWatch takes it (valid JSON on a 24-wide grid, every alarm's state and metrics with the
// stack's real dimensions and thresholds, the agent's metrics found by the stack's dimension), and who may write the
// load balancer's access logs in each region.
using System.Text.Json;
using WebStack.Core.Monitoring;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Monitoring;

public sealed class DashboardAndDeliveryTests
{
    private static readonly MonitoredResources Resources = new(
        "app/webstack-dev-alb-0a1b2c3/50dc6c495c0c9188", "targetgroup/webstack-dev-web-0a1b2c3/73e2d6bc24d8a067", "webstack-dev-app-asg-0a1b2c3", "webstack-dev-db-0a1b2c3");

    private static (JsonElement Root, AlarmPlan Plan) Render()
    {
        var plan = AlarmPlan.For(Config.ValidStack("dev"));
        var body = DashboardBody.Render(new DashboardInputs("us-east-1", "webstack-dev",
            plan.Alarms.Select(alarm => new DashboardAlarm(alarm, $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:webstack-dev-alarm-{alarm.Key}-0a1b2c3")).ToList(),
            Resources, "webstack-dev", "webstack-dev-logs-nginx-access-0a1b2c3"));
        return (JsonDocument.Parse(body).RootElement, plan);
    }

    [Fact]
    public void The_dashboard_shows_every_alarms_state_and_one_graph_per_alarm_with_its_threshold()
    {
        var (root, plan) = Render();
        var widgets = root.GetProperty("widgets").EnumerateArray().ToList();

        var status = Assert.Single(widgets, widget => widget.GetProperty("type").GetString() == "alarm");
        Assert.Equal(plan.Alarms.Count, status.GetProperty("properties").GetProperty("alarms").GetArrayLength());
        var graphs = widgets.Where(widget => widget.GetProperty("type").GetString() == "metric").Select(widget => widget.GetProperty("properties")).ToList();
        Assert.Equal(plan.Alarms.Count + 2, graphs.Count);
        foreach (var alarm in plan.Alarms)
        {
            var graph = Assert.Single(graphs, graph => graph.GetProperty("title").GetString()!.StartsWith(alarm.Title + " (", StringComparison.Ordinal));
            Assert.Equal(alarm.Threshold, graph.GetProperty("annotations").GetProperty("horizontal")[0].GetProperty("value").GetDouble());
            Assert.Equal(alarm.PeriodSeconds, graph.GetProperty("period").GetInt32());
        }

        Assert.All(widgets, widget =>
        {
            Assert.InRange(widget.GetProperty("x").GetInt32() + widget.GetProperty("width").GetInt32(), 1, DashboardBody.GridWidth);
            Assert.Equal("us-east-1", widget.GetProperty("properties").TryGetProperty("region", out var region) ? region.GetString() : "us-east-1");
        });
    }

    [Fact]
    public void Each_graph_names_the_stacks_load_balancer_target_group_group_and_database()
    {
        var (root, _) = Render();
        var lines = root.GetProperty("widgets").EnumerateArray()
            .Where(widget => widget.GetProperty("type").GetString() == "metric")
            .SelectMany(widget => widget.GetProperty("properties").GetProperty("metrics").EnumerateArray())
            .Select(line => line.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList())
            .Where(line => line.Count > 0)
            .ToList();

        Assert.Contains(["AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", Resources.TargetGroup, "LoadBalancer", Resources.LoadBalancer], lines);
        Assert.Contains(["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", Resources.LoadBalancer], lines);
        Assert.Contains(["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", Resources.AutoScalingGroup], lines);
        Assert.Contains(["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", Resources.Database], lines);
        var texts = Strings(root).ToList();
        Assert.Contains("SEARCH('{CWAgent,InstanceId,Stack} MetricName=\"mem_used_percent\" Stack=\"webstack-dev\"', 'Maximum', 60)", texts);
        Assert.Contains(texts, text => text.StartsWith("SOURCE 'webstack-dev-logs-nginx-access-0a1b2c3' |", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Theory]
    [InlineData("us-east-1", "127311923021")]
    [InlineData("ap-northeast-2", "600734575887")]
    [InlineData("eu-west-1", "156460612806")]
    [InlineData("eu-central-2", null)]
    [InlineData("ap-southeast-5", null)]
    public void Regions_older_than_august_2022_take_elbs_account_and_newer_ones_the_log_delivery_service(string region, string? account)
    {
        var writer = AlbLogDelivery.WriterIn(region);

        Assert.Equal(account, writer.Account);
        Assert.Equal(account is null, writer.IsServicePrincipal);
        Assert.Equal("alb/AWSLogs/123456789012/*", AlbLogDelivery.ObjectKeys("123456789012"));
    }
}
