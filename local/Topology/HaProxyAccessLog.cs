// The load balancer's log, as an ALB's access log plus its target health: for every request, when it arrived, which
// server it went to and what the client got back; for every target, when it was marked up or down. HAProxy writes
// each line with its own ISO timestamp (microseconds), so the times are the load balancer's, not an observer's.
using System.Globalization;

namespace WebStack.Local.Topology;

/// <param name="ReceivedUnixMilliseconds">When the request arrived at the load balancer (Unix time, ms).</param>
/// <param name="Server">The server it was sent to; "&lt;NOSRV&gt;" when there was none to send it to.</param>
/// <param name="Status">The HTTP status the client got; -1 when it got none.</param>
/// <param name="TotalMilliseconds">From its arrival to the end of the response.</param>
/// <param name="Termination">HAProxy's termination state, e.g. "----" (normal), "SC--" (the server's connection failed).</param>
/// <param name="Release">The release of the app that answered (its X-Release header); null when no app answered.</param>
/// <param name="RequestId">The id the load balancer gave the request (its X-Request-Id to the server); null in older lines.</param>
/// <param name="ResponseMilliseconds">From sending the request to the server to its answer's headers (an ALB's
/// TargetResponseTime); null when no server answered.</param>
public sealed record LoadBalancerRequest(
    long ReceivedUnixMilliseconds,
    string Server,
    int Status,
    int TotalMilliseconds,
    string Termination,
    string? Release = null,
    string? RequestId = null,
    int? ResponseMilliseconds = null)
{
    /// <summary>The load balancer sent it to no server (none was available).</summary>
    public const string NoServer = "<NOSRV>";

    /// <summary>A 5xx the server gave (an ALB's HTTPCode_Target_5XX): HAProxy ended the request normally ("--").</summary>
    public bool IsTarget5xx => Status is >= 500 and < 600 && Termination.StartsWith("--", StringComparison.Ordinal);

    /// <summary>A 5xx the load balancer gave itself (an ALB's HTTPCode_ELB_5XX): no server, a refused or silent one.</summary>
    public bool IsLoadBalancer5xx => Status is >= 500 and < 600 && !ClientAborted && !Termination.StartsWith("--", StringComparison.Ordinal);

    /// <summary>A request that reached a target (an ALB's per-target-group RequestCount).</summary>
    public bool ReachedTarget => !ClientAborted && Server != NoServer;

    /// <summary>When the answer (or the error) was sent back (Unix time, ms).</summary>
    public long EndedUnixMilliseconds => ReceivedUnixMilliseconds + Math.Max(0, TotalMilliseconds);

    /// <summary>The client went away before it had an answer (wrk closing its connections, say): not the service failing.</summary>
    public bool ClientAborted => Termination.StartsWith('C');

    /// <summary>The client got an error (or nothing) for a request it waited for.</summary>
    public bool Failed => !ClientAborted && Status is < 200 or >= 400;

    /// <summary>Whether the request was still being served at <paramref name="unixMilliseconds"/>.</summary>
    public bool InFlightAt(long unixMilliseconds) => ReceivedUnixMilliseconds < unixMilliseconds && EndedUnixMilliseconds > unixMilliseconds;
}

/// <summary>What the load balancer does with a target, as an ALB's target health states.</summary>
public enum TargetHealth
{
    /// <summary>Passed its checks: it gets requests.</summary>
    Healthy,

    /// <summary>Failed its checks, or not yet passed them (a new target): it gets none.</summary>
    Unhealthy,

    /// <summary>Being deregistered: no new requests, those in flight finish.</summary>
    Draining,

    /// <summary>Out of the target group.</summary>
    Unused,
}

/// <summary>A change of a target's health, by the load balancer's clock.</summary>
public sealed record TargetChange(long AtUnixMilliseconds, string Server, TargetHealth Health)
{
    public bool IsUp => Health == TargetHealth.Healthy;
}

public static class HaProxyAccessLog
{
    /// <summary>
    /// "access", the accept date (Unix seconds and milliseconds), the handshake and idle times before the request (ms;
    /// on a kept-alive connection the accept date is the previous request's end), the request's total time, the
    /// status, the server, the termination state and the release that answered (the response's first captured
    /// header, X-Release; "-" without one), then the request's id (X-Request-Id) and the server's response time (ms,
    /// -1 without an answer).
    /// </summary>
    public const string Format = "access %Ts %ms %Th %Ti %Ta %ST %s %tsc %[capture.res.hdr(0)] %ID %Tr";

    private const string Marker = "access ";

    /// <summary>The requests in HAProxy's output; other lines (its warnings, servers going up or down) are skipped.</summary>
    public static IReadOnlyList<LoadBalancerRequest> Parse(IEnumerable<string> lines)
    {
        var requests = new List<LoadBalancerRequest>();
        foreach (var line in lines)
        {
            var text = WithoutTimestamp(line, out _);
            if (!text.StartsWith(Marker, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = text[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
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
            var release = fields.Length > 8 && fields[8] != "-" ? fields[8] : null;
            var id = fields.Length > 9 && fields[9] != "-" ? fields[9] : null;
            int? response = fields.Length > 10 && int.TryParse(fields[10], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tr) && tr >= 0 ? tr : null;
            requests.Add(new LoadBalancerRequest(received, fields[6], status, total, fields[7], release, id, response));
        }

        return requests;
    }

    /// <summary>
    /// The targets' changes of health, from HAProxy's timestamped messages: "Server servers/s1 is UP, reason: ...",
    /// "... is DOWN, ...", "... enters drain state.", "... is going DOWN for maintenance.". A target leaving maintenance
    /// ("is UP/READY") changes nothing here: the rehearsal registers a target as not yet healthy at once, as an ALB
    /// does. The untimestamped copies on stderr ("[WARNING] ...") are skipped: the time is what matters here.
    /// </summary>
    public static IReadOnlyList<TargetChange> TargetChanges(IEnumerable<string> lines)
    {
        var changes = new List<TargetChange>();
        foreach (var line in lines)
        {
            var text = WithoutTimestamp(line, out var at);
            if (at is null || !text.StartsWith("Server ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = text.Split(' ', 6);
            if (fields.Length < 4 || !fields[1].Contains('/'))
            {
                continue;
            }

            TargetHealth? health = (fields[2], fields[3].TrimEnd(',', '.')) switch
            {
                ("is", "UP") => TargetHealth.Healthy,
                ("is", "DOWN") => TargetHealth.Unhealthy,
                ("enters", "drain") => TargetHealth.Draining,
                ("is", "going") when fields.Length > 5 && fields[4] == "DOWN" && fields[5].StartsWith("for maintenance", StringComparison.Ordinal) => TargetHealth.Unused,
                _ => null,
            };
            if (health is { } known)
            {
                changes.Add(new TargetChange(at.Value, fields[1][(fields[1].IndexOf('/') + 1)..], known));
            }
        }

        return changes;
    }

    /// <summary>A line without HAProxy's leading ISO 8601 timestamp, and that timestamp (Unix ms), when it has one.</summary>
    private static string WithoutTimestamp(string line, out long? unixMilliseconds)
    {
        unixMilliseconds = null;
        var space = line.IndexOf(' ');
        if (space > 0 && char.IsAsciiDigit(line[0])
            && DateTimeOffset.TryParseExact(line[..space], "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            unixMilliseconds = time.ToUnixTimeMilliseconds();
            return line[(space + 1)..];
        }

        return line;
    }

    /// <summary>The lines of a log file that HAProxy may still be writing to.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
