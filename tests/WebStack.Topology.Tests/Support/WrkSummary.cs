// What wrk says about a whole run, from the client's side: requests, failures and the latency it saw.
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebStack.Topology.Tests.Support;

internal sealed partial record WrkSummary(long Requests, long NonSuccess, long SocketErrors, double RequestsPerSecond, string P99)
{
    public long Failed => NonSuccess + SocketErrors;

    [GeneratedRegex(@"(?<count>\d+) requests in")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex StatusErrorsLine();

    [GeneratedRegex(@"Requests/sec:\s+(?<value>[\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s+99%\s+(?<value>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    public static WrkSummary Parse(string output)
    {
        var count = CountLine().Match(output);
        var rate = RateLine().Match(output);
        Assert.True(count.Success && rate.Success, $"not a wrk report:\n{output}");
        long Number(Group group) => long.Parse(group.Value, CultureInfo.InvariantCulture);
        var socket = SocketErrorsLine().Match(output);
        var status = StatusErrorsLine().Match(output);
        var p99 = P99Line().Match(output);
        return new WrkSummary(
            Number(count.Groups["count"]),
            status.Success ? Number(status.Groups["count"]) : 0,
            socket.Success ? new[] { "connect", "read", "write", "timeout" }.Sum(name => Number(socket.Groups[name])) : 0,
            double.Parse(rate.Groups["value"].Value, CultureInfo.InvariantCulture),
            p99.Success ? p99.Groups["value"].Value : "?");
    }
}
