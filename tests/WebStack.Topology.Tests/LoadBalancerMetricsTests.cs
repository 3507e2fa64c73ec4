// What the topology's alarms are fed: HAProxy's log and statistics turned into the ALB's and the group's metrics,
// second by second, with CloudWatch's statistics; and the log read a piece at a time as HAProxy writes it.
using WebStack.Core.Monitoring;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed class LoadBalancerMetricsTests
{
    private const long Start = 1_700_000_000_000;

    private static LoadBalancerRequest Request(long atMs, string server, int status, string termination, int? response = 5) =>
        new(atMs, server, status, 1, termination, null, "id", response);

    [Fact]
    public void Requests_count_in_the_second_they_end_and_5xx_are_the_servers_or_the_load_balancers()
    {
        var metrics = new LoadBalancerMetrics();
        metrics.Add(Request(Start + 100, "s1", 200, "----"));
        metrics.Add(Request(Start + 200, "s1", 503, "----"));
        metrics.Add(Request(Start + 300, "<NOSRV>", 503, "SC--", null));
        metrics.Add(Request(Start + 400, "s2", 400, "CR--"));
        metrics.Add(Request(Start + 1_100, "s2", 200, "----"));

        Assert.Equal(3, metrics.ValueOf(MetricRef.LoadBalancer("RequestCount", "Sum", "Count"), Start, 1000));
        Assert.Equal(2, metrics.ValueOf(MetricRef.TargetGroup("RequestCount", "Sum", "Count"), Start, 1000));
        Assert.Equal(1, metrics.ValueOf(MetricRef.TargetGroup("HTTPCode_Target_5XX_Count", "Sum", "Count"), Start, 1000));
        Assert.Equal(1, metrics.ValueOf(MetricRef.LoadBalancer("HTTPCode_ELB_5XX_Count", "Sum", "Count"), Start, 1000));
        // Like the ALB's counts, nothing to count is no datapoint (the alarm's FILL makes it 0).
        Assert.Null(metrics.ValueOf(MetricRef.TargetGroup("HTTPCode_Target_5XX_Count", "Sum", "Count"), Start + 1000, 1000));
        Assert.Equal(4, metrics.ValueOf(MetricRef.LoadBalancer("RequestCount", "Sum", "Count"), Start, 2000));
    }

    [Fact]
    public void Statistics_are_cloudwatchs_and_a_percentile_is_by_nearest_rank()
    {
        var values = Enumerable.Range(1, 200).Select(value => (double)value).ToList();

        Assert.Equal(198, LoadBalancerMetrics.Statistic("p99", values));
        Assert.Equal(200, LoadBalancerMetrics.Statistic("Maximum", values));
        Assert.Equal(1, LoadBalancerMetrics.Statistic("Minimum", values));
        Assert.Equal(100.5, LoadBalancerMetrics.Statistic("Average", values));
        Assert.Null(LoadBalancerMetrics.Statistic("p99", []));
    }

    [Fact]
    public void A_target_counts_unhealthy_once_it_was_healthy_or_has_failed_the_threshold_of_checks_and_leaving_ones_not_at_all()
    {
        var everHealthy = new HashSet<string>();
        TargetSample Sample(params TargetState[] targets) => TargetSample.Of(targets, everHealthy, unhealthyThreshold: 2);

        Assert.Equal(new TargetSample(0, 2), Sample(new("s1", "UP", "L7OK", 0), new("s2", "UP", "L7OK", 0)));
        // s1 lost: going down still counts healthy, then down counts unhealthy; a new s3 booting is in its initial state.
        Assert.Equal(new TargetSample(0, 2), Sample(new("s1", "UP 1/2", "L4TOUT", 0), new("s2", "UP", "L7OK", 0)));
        Assert.Equal(new TargetSample(1, 2), Sample(new("s1", "DOWN", "L4TOUT", 0), new("s2", "UP", "L7OK", 0), new("s3", "DOWN", "L4CON", 0, ChecksFailed: 1)));
        // s3 has now failed as many checks as the threshold: an ALB calls it unhealthy too.
        Assert.Equal(new TargetSample(2, 1), Sample(new("s1", "DOWN", "L4TOUT", 0), new("s2", "UP", "L7OK", 0), new("s3", "DOWN", "L4CON", 0, ChecksFailed: 2)));
        // s1 leaving (maintenance, draining) or gone is no longer a target of the group.
        Assert.Equal(new TargetSample(0, 2), Sample(new("s1", "MAINT", "L4TOUT", 0), new("s2", "UP", "L7OK", 0), new("s3", "UP", "L7OK", 0)));
        Assert.Equal(new TargetSample(0, 1), Sample(new("s2", "DRAIN", "L7OK", 0), new("s3", "UP", "L7OK", 0)));
    }

    [Fact]
    public void The_log_is_read_a_piece_at_a_time_and_a_line_being_written_waits()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "haproxy.log");
        File.WriteAllText(path, "one\ntwo\nthr");
        var follower = new LogFollower(path);

        Assert.Equal(["one", "two"], follower.NewLines());
        Assert.Empty(follower.NewLines());
        File.AppendAllText(path, "ee\nfour\n");
        Assert.Equal(["three", "four"], follower.NewLines());
    }
}
