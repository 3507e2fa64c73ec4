// The benchmark reads wrk's report: these are reports wrk 4 printed (--latency), one clean and one with failures.
using WebStack.Local.Benchmark;

namespace WebStack.Local.Tests;

public sealed class WrkResultTests
{
    private const string Clean = """
        Running 1s test @ http://127.0.0.1:18555/
          1 threads and 2 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    12.57ms    7.31ms  44.97ms   78.41%
            Req/Sec   160.10     21.63   188.00     60.00%
          Latency Distribution
             50%   10.67ms
             75%   15.96ms
             90%   23.86ms
             99%   36.79ms
          162 requests in 1.01s, 2.47MB read
        Requests/sec:    160.22
        Transfer/sec:      2.45MB
        """;

    private const string Failing = """
        Running 3s test @ http://127.0.0.1:8080/
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     3.12ms    1.01ms  20.10ms   90.00%
            Req/Sec    10.40k     1.20k   12.00k    70.00%
          Latency Distribution
             50%    2.90ms
             75%    3.40ms
             90%    4.10ms
             99%  850.00us
          62530 requests in 3.01s, 9.10MB read
          Socket errors: connect 0, read 12, write 0, timeout 3
          Non-2xx or 3xx responses: 62515
        Requests/sec:  20764.31
        Transfer/sec:      3.02MB
        """;

    [Fact]
    public void A_clean_report_gives_the_rate_the_99th_percentile_and_no_errors()
    {
        var result = WrkResult.Parse(Clean);

        Assert.Equal(new WrkResult(160.22, 36.79, 162, StatusErrors: 0, SocketErrors: 0), result);
    }

    [Fact]
    public void Socket_errors_and_error_statuses_count_as_failed_requests_and_microseconds_are_converted()
    {
        var result = WrkResult.Parse(Failing);

        Assert.Equal(62530 - 0, result.Requests);
        Assert.Equal(62515, result.StatusErrors);
        Assert.Equal(12 + 3, result.SocketErrors);
        Assert.Equal(12 + 3 + 62515, result.Errors);
        Assert.Equal(0.85, result.P99Milliseconds, precision: 6);
        Assert.Equal(20764.31, result.RequestsPerSecond);
    }

    [Fact]
    public void Latencies_of_minutes_are_read_in_milliseconds()
    {
        var result = WrkResult.Parse(Clean.Replace("99%   36.79ms", "99%    0.97m", StringComparison.Ordinal));

        Assert.Equal(58_200, result.P99Milliseconds, precision: 6);
    }

    [Fact]
    public void Output_that_is_not_a_wrk_report_is_refused()
    {
        var exception = Assert.Throws<FormatException>(() => WrkResult.Parse("unable to connect to 127.0.0.1:1 Connection refused"));

        Assert.Contains("not a wrk --latency report", exception.Message);
    }
}
