// One wrk measurement: requests per second, the 99th percentile latency and the requests that failed (answered with
// an error status, or lost to a socket error).
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebStack.Local.Benchmark;

public sealed partial record WrkResult(double RequestsPerSecond, double P99Milliseconds, long Requests, long StatusErrors, long SocketErrors)
{
    public long Errors => StatusErrors + SocketErrors;

    [GeneratedRegex(@"Requests/sec:\s+(?<value>[\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s+99(\.000)?%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"(?<count>\d+) requests in")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex StatusErrorsLine();

    /// <summary>Reads wrk's report (run with --latency); throws when it isn't one.</summary>
    public static WrkResult Parse(string output)
    {
        var rate = RateLine().Match(output);
        var p99 = P99Line().Match(output);
        var count = CountLine().Match(output);
        if (!rate.Success || !p99.Success || !count.Success)
        {
            throw new FormatException($"not a wrk --latency report:\n{output}");
        }

        var latency = double.Parse(p99.Groups["value"].Value, CultureInfo.InvariantCulture) * p99.Groups["unit"].Value switch
        {
            "us" => 0.001,
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            _ => 3_600_000,
        };
        long Number(Group group) => long.Parse(group.Value, CultureInfo.InvariantCulture);
        var socket = SocketErrorsLine().Match(output);
        var status = StatusErrorsLine().Match(output);
        return new WrkResult(double.Parse(rate.Groups["value"].Value, CultureInfo.InvariantCulture), latency,
            Number(count.Groups["count"]),
            status.Success ? Number(status.Groups["count"]) : 0,
            socket.Success ? new[] { "connect", "read", "write", "timeout" }.Sum(name => Number(socket.Groups[name])) : 0);
    }
}
