// HAProxy's configuration as the Application Load Balancer's stand-in: one HTTP listener on port 80, round robin over
// the servers' nginx, and the target group's health check with the stack's own path, interval, thresholds and
// timeout. Like an ALB it appends the client to X-Forwarded-For and never retries a request on another server. For a
// stack that serves HTTPS it also ends TLS on 443 (TLS 1.2 with forward-secret AES-GCM suites only, or 1.3, as the
// ALB's policy), with the rehearsal's certificate for the stack's name, says so in X-Forwarded-Proto, and answers
// plain HTTP with a permanent redirect to HTTPS, as the ALB's HTTP listener does.
using System.Globalization;
using System.Net;
using System.Text;
using WebStack.Core.Firewall;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Local.Topology;

/// <param name="Name">The server's name in HAProxy's state and statistics, e.g. "s1".</param>
public sealed record LoadBalancerTarget(string Name, IPAddress Address, int Port);

public static class HaProxyConfig
{
    /// <summary>The backend (the target group) every server is in.</summary>
    public const string BackendName = "servers";

    /// <summary>The Host header of the health checks.</summary>
    public const string HealthCheckHost = "health-check";

    /// <summary>HAProxy names every request in X-Request-Id (unique-id-header below), dropping a client's: nginx may believe it.</summary>
    public const bool SetsRequestId = true;

    /// <summary>
    /// The request id HAProxy makes: its address and port, the client's, the time and a counter, in hex, joined by
    /// dashes, e.g. 0A00800A-C6336408-D3E2-675A1B2C-0001-1F4A: a shape nginx takes as an id (RequestId.Pattern).
    /// </summary>
    public const string UniqueIdFormat = "%{+X}o%fi-%ci-%cp-%Ts-%rt-%pid";

    /// <summary>The ALB's default idle timeout.</summary>
    public const int IdleTimeoutSeconds = 60;

    /// <summary>The listener for HTTPS, as the ALB's.</summary>
    public const int HttpsPort = Ports.Https;

    /// <summary>TLS 1.2's suites in the ALB's ELBSecurityPolicy-TLS13-1-2-Res policies: ECDHE and AES-GCM only.</summary>
    public const string Tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";

    /// <param name="certificatePath">The certificate and key for HTTPS on 443 (one PEM file); null serves HTTP only.</param>
    public static string Render(HealthCheckSettings health, IPAddress listen, int port, IReadOnlyList<LoadBalancerTarget> targets, string statsSocket,
        string? certificatePath = null)
    {
        string Seconds(int value) => value.ToString(CultureInfo.InvariantCulture) + "s";
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line("# HAProxy standing in for the Application Load Balancer, rendered by webstack from the stack's target group settings.");
        Line("global");
        Line("    maxconn 4096");
        Line("    # One thread: with several, a log line that two threads write at once is dropped (show info: DroppedLogs), and");
        Line("    # every count the rehearsal makes comes from this log. One thread carries far more than one machine's servers.");
        Line("    nbthread 1");
        Line($"    stats socket {statsSocket} mode 600 level admin");
        Line("    # The access log (as the ALB's) and the targets going up and down: one line each on stdout, which the rehearsal");
        Line("    # keeps in its logs, each with HAProxy's own ISO timestamp to the microsecond.");
        Line("    log stdout format iso local0");
        if (certificatePath is not null)
        {
            Line($"    ssl-default-bind-options ssl-min-ver TLSv1.2");
            Line($"    ssl-default-bind-ciphers {Tls12Ciphers}");
        }

        Line();
        Line("defaults");
        Line("    mode http");
        Line("    log global");
        Line($"    log-format \"{HaProxyAccessLog.Format}\"");
        Line("    # HAProxy gives a check min(timeout connect, inter) to connect, then timeout check to answer. With the");
        Line("    # connect timeout at the check's timeout, a check of a vanished server gives up when the ALB's would.");
        Line("    # (An ALB waits up to 10 s to connect for a request; here a request gives up after the same timeout.)");
        Line($"    timeout connect {Seconds(health.TimeoutSeconds)}");
        Line($"    timeout client {Seconds(IdleTimeoutSeconds)}");
        Line($"    timeout server {Seconds(IdleTimeoutSeconds)}");
        Line("    timeout http-request 10s");
        Line($"    timeout check {Seconds(health.TimeoutSeconds)}");
        Line("    # An ALB sends each request to one target: no second attempt, on that server or another.");
        Line("    retries 0");
        Line("    no option redispatch");
        Line();
        Line("frontend clients");
        Line($"    bind {listen}:{port.ToString(CultureInfo.InvariantCulture)}");
        Line("    # Every request's id, as the ALB gives each its trace id: sent to the server (whose nginx keeps it, from the load");
        Line($"    # balancer's subnet) in {RequestId.Header}, after dropping any a client sent, and written in the access log.");
        Line($"    unique-id-format {UniqueIdFormat}");
        Line($"    http-request del-header {RequestId.Header}");
        Line($"    unique-id-header {RequestId.Header}");
        if (certificatePath is not null)
        {
            Line($"    bind {listen}:{HttpsPort.ToString(CultureInfo.InvariantCulture)} ssl crt {certificatePath} alpn http/1.1");
            Line("    # As the ALB's HTTP listener with a certificate: every plain request is sent to HTTPS, permanently.");
            Line("    http-request redirect scheme https code 301 unless { ssl_fc }");
            Line("    # The scheme the client used, set (never passed on from the client), as the ALB does.");
            Line("    http-request set-header X-Forwarded-Proto https if { ssl_fc }");
            Line("    http-request set-header X-Forwarded-Proto http unless { ssl_fc }");
        }

        Line("    # The release that answered each request, for the access log (the app names it in X-Release).");
        Line("    declare capture response len 80");
        Line("    http-response capture res.hdr(X-Release) id 0");
        Line("    # Appends the client's address to X-Forwarded-For, as the ALB does; nginx trusts it from the public subnets only.");
        Line("    option forwardfor");
        Line($"    default_backend {BackendName}");
        Line();
        Line($"backend {BackendName}");
        Line("    balance roundrobin");
        Line("    # The target group's check: HTTP/1.1 with a Host header, as the ALB sends it (an HTTP/1.1 request without one");
        Line("    # is refused with 400). The ALB names the target's address; any name reaches nginx's default server.");
        Line($"    option httpchk GET {health.Path} HTTP/1.1");
        Line($"    http-check send hdr Host {HealthCheckHost}");
        Line("    http-check expect status 200");
        Line($"    # Every {health.IntervalSeconds} s; healthy after {health.HealthyThreshold} passes, unhealthy after {health.UnhealthyThreshold} failures.");
        Line("    # HAProxy counts the interval from the end of a check, an ALB from its start: after a failure (which may have");
        Line("    # taken the whole timeout) the next check comes sooner, so failed checks follow each other at the ALB's pace.");
        Line("    # Each server carries these itself: servers added while running (a deploy's) don't take default-server's.");
        foreach (var target in targets)
        {
            Line($"    server {target.Name} {target.Address}:{target.Port.ToString(CultureInfo.InvariantCulture)} {CheckOptions(health)}");
        }

        return text.ToString();
    }

    /// <summary>A target's health check: the target group's interval, thresholds and (through timeout check) timeout.</summary>
    public static string CheckOptions(HealthCheckSettings health) =>
        $"check inter {health.IntervalSeconds.ToString(CultureInfo.InvariantCulture)}s fastinter {FastInterval(health).ToString(CultureInfo.InvariantCulture)}s "
        + $"rise {health.HealthyThreshold.ToString(CultureInfo.InvariantCulture)} fall {health.UnhealthyThreshold.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The interval after a failed check: the ALB's interval less the check's timeout, at least 1 s.</summary>
    public static int FastInterval(HealthCheckSettings health) => Math.Max(1, health.IntervalSeconds - health.TimeoutSeconds);

    /// <summary>The default port the listener and the targets use: HTTP, as the ALB's listener and its target group.</summary>
    public const int Port = Ports.Http;
}
