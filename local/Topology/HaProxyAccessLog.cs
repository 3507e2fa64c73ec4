// The load balancer's access log, as an ALB's: for every request, when it arrived, which server it went to and what
// the client got back. HAProxy writes one line per request in the format below; this reads them back.
using System.Globalization;

namespace WebStack.Local.Topology;

/// <param name="ReceivedUnixMilliseconds">When the request arrived at the load balancer (Unix time, ms).</param>
/// <param name="Server">The server it was sent to; "&lt;NOSRV&gt;" when there was none to send it to.</param>
/// <param name="Status">The HTTP status the client got; -1 when it got none.</param>
/// <param name="TotalMilliseconds">From its arrival to the end of the response.</param>
/// <param name="Termination">HAProxy's termination state, e.g. "----" (normal), "SC--" (the server's connection failed).</param>
public sealed record LoadBalancerRequest(long ReceivedUnixMilliseconds, string Server, int Status, int TotalMilliseconds, string Termination)
{
    /// <summary>The client went away before it had an answer (wrk closing its connections, say): not the service failing.</summary>
    public bool ClientAborted => Termination.StartsWith('C');

    /// <summary>The client got an error (or nothing) for a request it waited for.</summary>
    public bool Failed => !ClientAborted && Status is < 200 or >= 400;
}

public static class HaProxyAccessLog
{
    /// <summary>
    /// "access", the accept date (Unix seconds and milliseconds), the handshake and idle times before the request (ms;
    /// on a kept-alive connection the accept date is the previous request's end), the request's total time, the
    /// status, the server and the termination state.
    /// </summary>
    public const string Format = "access %Ts %ms %Th %Ti %Ta %ST %s %tsc";

    private const string Marker = "access ";

    /// <summary>The requests in HAProxy's output; other lines (its warnings, servers going up or down) are skipped.</summary>
    public static IReadOnlyList<LoadBalancerRequest> Parse(IEnumerable<string> lines)
    {
        var requests = new List<LoadBalancerRequest>();
        foreach (var line in lines)
        {
            if (!line.StartsWith(Marker, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8
                || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                || !int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var handshake)
                || !int.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idle)
                || !int.TryParse(fields[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var total)
                || !int.TryParse(fields[5], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            var received = (seconds * 1000) + milliseconds + Math.Max(0, handshake) + Math.Max(0, idle);
            requests.Add(new LoadBalancerRequest(received, fields[6], status, total, fields[7]));
        }

        return requests;
    }

    /// <summary>Reads the requests from a log file that HAProxy may still be writing to.</summary>
    public static IReadOnlyList<LoadBalancerRequest> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return Parse(lines);
    }
}
