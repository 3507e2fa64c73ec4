// The estimate's arithmetic and its honesty: totals are the sums of their lines, each choice moves the total by
// exactly its own lines, and nothing without a price is ever counted as zero.
using WebStack.Core.Cost;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Cost;

public class CostEstimateTests
{
    private static readonly PriceTable Prices = PriceTableLoader.Embedded;

    private static StackCost CostOf(string stack, params (string Name, string Value)[] settings) =>
        StackCost.For(StackPlan.From(Config.ValidStack(stack, settings)), Prices);

    private static CostLine Line(CostEstimate estimate, string id) => Assert.Single(estimate.Lines, line => line.Id == id);

    public static TheoryData<string, string> StacksInRegions => new()
    {
        { "dev", "us-east-1" }, { "prod", "us-east-1" }, { "dev", "ap-northeast-2" }, { "prod", "ap-northeast-2" },
    };

    [Theory]
    [MemberData(nameof(StacksInRegions))]
    public void Totals_are_the_sums_of_their_lines_and_the_defaults_are_fully_priced(string stack, string region)
    {
        var cost = CostOf(stack, ("aws:region", region));

        foreach (var estimate in new[] { cost.Start, cost.AtMax })
        {
            // The table has no Seoul figure for CloudWatch dashboards and custom metrics: named, never guessed.
            Assert.Equal(region == "us-east-1" ? [] : ["dashboard", "agent-metrics"], estimate.Unpriced.Select(line => line.Id));
            var priced = estimate.Lines.Where(line => line.IsPriced).ToList();
            Assert.Equal(priced.Where(line => line.Part == CostPart.Fixed).Sum(line => line.Monthly!.Value), estimate.Fixed);
            Assert.Equal(priced.Where(line => line.Part == CostPart.Usage).Sum(line => line.Monthly!.Value), estimate.Usage);
            Assert.Equal(priced.Sum(line => line.Monthly!.Value), estimate.Total);
            Assert.All(priced, line => Assert.Equal(Math.Round(line.Quantity * line.Price!.Usd, 2, MidpointRounding.AwayFromZero), line.Monthly));
        }
    }

    [Fact]
    public void The_dev_stack_in_us_east_1_costs_what_its_items_cost()
    {
        var start = CostOf("dev").Start;

        Assert.Equal(1, start.Servers);
        Assert.Equal(730, Line(start, "servers").Quantity);
        Assert.Equal(15.18m, Line(start, "servers").Monthly);
        Assert.Equal(32.85m, Line(start, "nat-hours").Monthly);
        Assert.Equal(11.68m, Line(start, "db-instance").Monthly);
        Assert.Equal(2 * 730, Line(start, "alb-ipv4").Quantity);
        Assert.Equal(20, Line(start, "server-volumes").Quantity);
    }

    [Fact]
    public void Max_size_differs_from_the_starting_size_by_the_servers_their_volumes_and_their_metrics_only()
    {
        var cost = CostOf("prod");

        Assert.Equal(3, cost.Start.Servers);
        Assert.Equal(9, cost.AtMax.Servers);
        var changed = cost.Start.Lines.Zip(cost.AtMax.Lines).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Id);
        Assert.Equal(["servers", "server-volumes", "agent-metrics"], changed);
        Assert.Equal(9 * CostEstimate.AgentMetricsPerServer, Line(cost.AtMax, "agent-metrics").Quantity);
        Assert.Equal(3 * Line(cost.Start, "servers").Quantity, Line(cost.AtMax, "servers").Quantity);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("ap-northeast-2")]
    public void The_nat_strategy_changes_the_total_by_exactly_the_nat_and_endpoint_lines(string region)
    {
        CostEstimate With(string strategy) => CostOf("dev", ("aws:region", region), ("natStrategy", strategy), ("azCount", "3")).Start;
        var none = With("none");
        var single = With("single");
        var perAz = With("perAz");
        decimal Sum(CostEstimate estimate, params string[] ids) => estimate.Lines.Where(line => ids.Contains(line.Id)).Sum(line => line.Monthly!.Value);
        string[] nat = ["nat-hours", "nat-ipv4", "nat-data"];
        string[] endpoints = ["endpoint-hours", "endpoint-data"];

        Assert.Equal(perAz.Total - single.Total, Sum(perAz, nat) - Sum(single, nat));
        Assert.Equal(single.Total - none.Total, Sum(single, nat) - Sum(none, endpoints));
        Assert.Equal(3 * Line(single, "nat-hours").Quantity, Line(perAz, "nat-hours").Quantity);
        Assert.DoesNotContain(none.Lines, line => nat.Contains(line.Id));
        Assert.DoesNotContain(single.Lines, line => endpoints.Contains(line.Id));
        Assert.Equal(6 * 3 * 730, Line(none, "endpoint-hours").Quantity);
        Assert.Equal(Line(single, "nat-data").Quantity, Line(none, "endpoint-data").Quantity);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("ap-northeast-2")]
    public void Multi_az_doubles_the_database_instance_and_storage_lines(string region)
    {
        CostEstimate With(string multiAz) => CostOf("dev", ("aws:region", region), ("dbMultiAz", multiAz), ("dbAllocatedStorage", "50")).Start;
        var single = With("false");
        var multi = With("true");

        Assert.Equal(2 * Line(single, "db-instance").Monthly!.Value, Line(multi, "db-instance").Monthly!.Value, 1);
        Assert.Equal(2 * Line(single, "db-instance").Quantity, Line(multi, "db-instance").Quantity);
        Assert.Equal(2 * Line(single, "db-storage").Monthly!.Value, Line(multi, "db-storage").Monthly);
        var others = single.Lines.Where(line => !line.Id.StartsWith("db-", StringComparison.Ordinal) || line.Id == "db-backup");
        Assert.All(others, line => Assert.Equal(line.Monthly, Line(multi, line.Id).Monthly));
    }

    [Fact]
    public void An_unpriced_instance_type_is_named_and_left_out_of_the_total_never_counted_as_zero()
    {
        var priced = CostOf("dev", ("aws:region", "ap-northeast-2")).Start;
        var unpriced = CostOf("dev", ("aws:region", "ap-northeast-2"), ("instanceType", "c7i.large")).Start;

        var servers = Assert.Single(unpriced.Unpriced, line => !priced.Unpriced.Contains(line));
        Assert.Equal("servers", servers.Id);
        Assert.Equal("ec2:c7i.large", servers.Missing!.Key);
        Assert.Null(servers.Monthly);
        Assert.Equal(730, servers.Quantity);
        Assert.Equal(priced.Total - Line(priced, "servers").Monthly!.Value, unpriced.Total);
    }

    [Fact]
    public void A_region_without_prices_leaves_every_line_unpriced_and_the_total_zero_with_each_line_named()
    {
        var estimate = CostOf("dev", ("aws:region", "eu-central-1")).Start;

        Assert.Equal(estimate.Lines.Count, estimate.Unpriced.Count);
        Assert.Equal(0, estimate.Total);
        Assert.All(estimate.Lines, line => Assert.NotNull(line.Missing));
    }

    [Fact]
    public void Flow_logs_add_their_ingestion_and_their_storage_over_the_retention_period()
    {
        var without = CostOf("dev", ("usageFlowLogGb", "30")).Start;
        var with = CostOf("dev", ("flowLogs", "true"), ("usageFlowLogGb", "30")).Start;

        Assert.DoesNotContain(without.Lines, line => line.Id.StartsWith("flow-logs", StringComparison.Ordinal));
        Assert.Equal(30, Line(with, "flow-logs-ingested").Quantity);
        Assert.Equal(Math.Round(30m * 14 * 24 / 730, 2), Line(with, "flow-logs-stored").Quantity);
        Assert.Equal(with.Total - without.Total, Line(with, "flow-logs-ingested").Monthly!.Value + Line(with, "flow-logs-stored").Monthly!.Value);
    }

    [Fact]
    public void The_stacks_monitoring_costs_its_alarms_per_metric_its_dashboard_and_its_servers_agent_metrics()
    {
        var start = CostOf("dev").Start;
        var alarms = WebStack.Core.Monitoring.AlarmPlan.For(StackPlan.From(Config.ValidStack("dev")).Settings).Alarms;

        // The two 5xx rates read two metrics each.
        Assert.Equal(alarms.Count + 2, Line(start, "monitoring-alarms").Quantity);
        Assert.Equal(0.10m * (alarms.Count + 2), Line(start, "monitoring-alarms").Monthly);
        Assert.Equal(3.00m, Line(start, "dashboard").Monthly);
        Assert.Equal(2, Line(start, "agent-metrics").Quantity);
        Assert.Equal(CostPart.Fixed, Line(start, "agent-metrics").Part);
    }

    [Fact]
    public void Server_and_load_balancer_logs_cost_their_ingestion_and_their_storage_over_the_retention()
    {
        var base1 = CostOf("dev").Start;
        var more = CostOf("dev", ("usageServerLogGb", "40"), ("usageAlbLogGb", "12"), ("logRetentionDays", "30")).Start;

        Assert.Equal(40, Line(more, "server-logs-ingested").Quantity);
        Assert.Equal(20m, Line(more, "server-logs-ingested").Monthly);
        Assert.Equal(Math.Round(40m * 30 * 24 / 730, 2), Line(more, "server-logs-stored").Quantity);
        Assert.Equal(Math.Round(12m * 30 * 24 / 730, 2), Line(more, "alb-logs-stored").Quantity);
        Assert.Equal(CostPart.Usage, Line(more, "alb-logs-stored").Part);
        Assert.Equal(base1.Fixed, more.Fixed);
    }

    [Fact]
    public void Usage_assumptions_move_only_their_own_lines()
    {
        var base1 = CostOf("dev").Start;
        var busy = CostOf("dev", ("usageEgressGb", "1000"), ("usageAlbLcu", "2.5")).Start;

        Assert.Equal(1000 * 0.045m, Line(busy, "nat-data").Monthly);
        Assert.Equal(2.5m * 730, Line(busy, "alb-lcu").Quantity);
        Assert.Equal(base1.Fixed, busy.Fixed);
    }
}
