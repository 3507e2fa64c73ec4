// HAProxy as the ALB's stand-in: configured from the same health check settings as the target group, round robin,
// X-Forwarded-For appended, no retries; checked by haproxy itself. And its access log read back.
using System.Net;
using WebStack.Core.Settings;
using WebStack.Local.Processes;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed partial class HaProxyConfigTests
{
    private static readonly LoadBalancerTarget[] Targets =
    [
        new("s1", IPAddress.Parse("10.0.0.10"), 80),
        new("s2", IPAddress.Parse("10.0.16.10"), 80),
    ];

    private static string Render(HealthCheckSettings health, string socket = "/run/webstack/stats.sock") =>
        HaProxyConfig.Render(health, IPAddress.Parse("10.0.128.10"), 80, Targets, socket);

    private static string[] Lines(string config) => config.Split('\n').Select(line => line.Trim()).ToArray();

    [Fact]
    public void TheHealthCheckIsTheTargetGroups()
    {
        var lines = Lines(Render(new HealthCheckSettings("/ready", IntervalSeconds: 7, HealthyThreshold: 3, UnhealthyThreshold: 4)));

        Assert.Contains("option httpchk GET /ready HTTP/1.1", lines);
        Assert.Contains("http-check expect status 200", lines);
        // On every server line: one added while running (a deploy's) takes no default-server settings.
        Assert.All(lines.Where(line => line.StartsWith("server ", StringComparison.Ordinal)),
            line => Assert.EndsWith("check inter 7s fastinter 2s rise 3 fall 4", line, StringComparison.Ordinal));
        Assert.Contains("timeout check 5s", lines);
        // HAProxy's checks connect within the connect timeout: the same, so a silent server fails a check in time.
        Assert.Contains("timeout connect 5s", lines);
    }

    [Fact]
    public void TheCheckTimesOutBeforeTheNextCheck()
    {
        var health = new HealthCheckSettings("/healthz", IntervalSeconds: 5, HealthyThreshold: 2, UnhealthyThreshold: 2);

        Assert.Contains($"timeout check {health.TimeoutSeconds}s", Lines(Render(health)));
        Assert.Equal(4, health.TimeoutSeconds);
    }

    [Fact]
    public void ItBalancesRoundRobinAndAppendsTheClientToXForwardedFor()
    {
        var lines = Lines(Render(ProfileDefaults.Dev.HealthCheck));

        Assert.Contains("balance roundrobin", lines);
        Assert.Contains("option forwardfor", lines);
        Assert.Contains("mode http", lines);
    }

    [Fact]
    public void EveryRequestGetsTheLoadBalancersOwnIdInXRequestIdAClientsIsDropped()
    {
        var lines = Lines(Render(ProfileDefaults.Dev.HealthCheck));

        Assert.Contains($"unique-id-format {HaProxyConfig.UniqueIdFormat}", lines);
        Assert.Contains("unique-id-header X-Request-Id", lines);
        // Dropped before the request goes on, so the server sees one X-Request-Id: the load balancer's.
        Assert.True(Array.IndexOf(lines, "http-request del-header X-Request-Id") >= 0);
        Assert.EndsWith(" %ID %Tr", HaProxyAccessLog.Format, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAccessLogRecordsTheReleaseThatAnswered()
    {
        var lines = Lines(Render(ProfileDefaults.Dev.HealthCheck));

        Assert.Contains("http-response capture res.hdr(X-Release) id 0", lines);
        Assert.Contains($"log-format \"{HaProxyAccessLog.Format}\"", lines);
        // Fields are only ever appended: the capture stays ninth, after the termination state.
        Assert.Contains(" %tsc %[capture.res.hdr(0)] ", HaProxyAccessLog.Format, StringComparison.Ordinal);
    }

    [Fact]
    public void LikeAnAlbItNeverRetriesARequest()
    {
        var lines = Lines(Render(ProfileDefaults.Dev.HealthCheck));

        Assert.Contains("retries 0", lines);
        Assert.Contains("no option redispatch", lines);
        Assert.DoesNotContain("option redispatch", lines);
    }

    [Fact]
    public void ItListensOnItsAddressAndChecksEveryServer()
    {
        var lines = Lines(Render(ProfileDefaults.Dev.HealthCheck));

        Assert.Contains("bind 10.0.128.10:80", lines);
        Assert.Contains(lines, line => line.StartsWith("server s1 10.0.0.10:80 check ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("server s2 10.0.16.10:80 check ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(line => line.StartsWith("server ", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task HaproxyAcceptsTheConfiguration()
    {
        var haproxy = RequiredProgram.HaProxy.Find();
        Skip.If(haproxy is null, "haproxy is not installed: the generated configuration can't be checked on this machine");
        using var directory = new TempDirectory();
        var file = directory.Write("haproxy.cfg", Render(ProfileDefaults.Dev.HealthCheck, Path.Combine(directory.Path, "stats.sock")));

        var result = await ProgramRunner.RunAsync(CommandSpec.Of(haproxy, "-c", "-f", file));

        Assert.True(result.Succeeded, $"haproxy -c refused:\n{File.ReadAllText(file)}\n{result.Output}");
    }

    [Fact]
    public void WithACertificateItEndsTlsOn443SaysSoAndRedirectsPlainHttp()
    {
        var lines = Lines(HaProxyConfig.Render(ProfileDefaults.Dev.HealthCheck, IPAddress.Parse("10.0.128.10"), 80, Targets, "/run/stats.sock", "/run/site.pem"));

        Assert.Contains("bind 10.0.128.10:80", lines);
        Assert.Contains("bind 10.0.128.10:443 ssl crt /run/site.pem alpn http/1.1", lines);
        Assert.Contains("http-request redirect scheme https code 301 unless { ssl_fc }", lines);
        Assert.Contains("http-request set-header X-Forwarded-Proto https if { ssl_fc }", lines);
        Assert.Contains("http-request set-header X-Forwarded-Proto http unless { ssl_fc }", lines);
        Assert.Contains("ssl-default-bind-options ssl-min-ver TLSv1.2", lines);
        Assert.Contains($"ssl-default-bind-ciphers {HaProxyConfig.Tls12Ciphers}", lines);
        Assert.DoesNotContain(lines, line => line.Contains(":443", StringComparison.Ordinal) && !line.StartsWith("bind", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(Render(ProfileDefaults.Dev.HealthCheck)), line => line.Contains("ssl", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task HaproxyAcceptsTheHttpsConfigurationWithAThrowawayCertificate()
    {
        var haproxy = RequiredProgram.HaProxy.Find();
        Skip.If(haproxy is null, "haproxy is not installed: the generated configuration can't be checked on this machine");
        using var directory = new TempDirectory();
        using var authority = WebStack.Local.Rehearsal.ThrowawayCertificateAuthority.Create("haproxy check CA");
        var certificate = Path.Combine(directory.Path, "site.pem");
        authority.IssueServer(["www.example.com"], []).WriteCombined(certificate);
        var file = directory.Write("haproxy.cfg", HaProxyConfig.Render(ProfileDefaults.Dev.HealthCheck, IPAddress.Parse("10.0.128.10"), 80, Targets,
            Path.Combine(directory.Path, "stats.sock"), certificate));

        var result = await ProgramRunner.RunAsync(CommandSpec.Of(haproxy, "-c", "-f", file));

        Assert.True(result.Succeeded, $"haproxy -c refused:\n{File.ReadAllText(file)}\n{result.Output}");
    }

    [Fact]
    public void TheAccessLogGivesWhenEachRequestArrivedWhereItWentAndWhatItGot()
    {
        var requests = HaProxyAccessLog.Parse(
        [
            "access 1700000000 123 0 0 5 200 s1 ---- 3f2a9c1d0e4b",
            "[WARNING]  (1) : Server servers/s1 is DOWN, reason: Layer4 timeout",
            "2023-11-14T22:13:21.265000+00:00 access 1700000001 007 1 250 3004 503 s1 SC-- -",
            "access 1700000002 999 0 0 0 503 <NOSRV> SC--",
            "access 1700000003 000 0 -1 1 400 <NOSRV> CR--",
        ]);

        Assert.Collection(requests,
            request => Assert.Equal(new LoadBalancerRequest(1_700_000_000_123, "s1", 200, 5, "----", "3f2a9c1d0e4b"), request),
            request => Assert.Equal(new LoadBalancerRequest(1_700_000_001_258, "s1", 503, 3004, "SC--"), request),
            request => Assert.Equal(new LoadBalancerRequest(1_700_000_002_999, "<NOSRV>", 503, 0, "SC--"), request),
            request => Assert.True(request.ClientAborted));
        // A client that hangs up before it has an answer is not a failure of the service.
        Assert.Equal([false, true, true, false], requests.Select(request => request.Failed));
    }

    [Fact]
    public void TheAccessLogGivesEachRequestsIdAndTheServersResponseTimeAndWhoGaveA5xx()
    {
        var requests = HaProxyAccessLog.Parse(
        [
            "access 1700000000 123 0 0 5 200 s1 ---- 3f2a9c1d0e4b 0A00800A-C6336408-D3E2-6553F100-0001-1F4A 4",
            "access 1700000000 200 0 0 9 503 s2 ---- 3f2a9c1d0e4b 0A00800A-C6336408-D3E4-6553F100-0002-1F4A 8",
            "access 1700000001 007 1 250 3004 503 s1 SC-- - 0A00800A-C6336408-D3E6-6553F101-0003-1F4A -1",
            "access 1700000002 999 0 0 0 503 <NOSRV> SC-- - 0A00800A-C6336408-D3E8-6553F102-0004-1F4A -1",
        ]);

        Assert.Equal(("0A00800A-C6336408-D3E2-6553F100-0001-1F4A", 4), (requests[0].RequestId, requests[0].ResponseMilliseconds));
        Assert.Matches(RequestIdShape(), requests[0].RequestId!);
        Assert.Null(requests[2].ResponseMilliseconds);
        // A server's own 503 is a target 5xx; one the load balancer gave (no server, a failed connection) is its own.
        Assert.Equal([false, true, false, false], requests.Select(request => request.IsTarget5xx));
        Assert.Equal([false, false, true, true], requests.Select(request => request.IsLoadBalancer5xx));
        Assert.Equal([true, true, true, false], requests.Select(request => request.ReachedTarget));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^" + WebStack.Core.Servers.RequestId.Pattern + "$")]
    private static partial System.Text.RegularExpressions.Regex RequestIdShape();

    [Fact]
    public void TheLogGivesWhenTheLoadBalancerMarkedEachTargetUpOrDownByItsOwnClock()
    {
        var changes = HaProxyAccessLog.TargetChanges(
        [
            "[WARNING]  (1) : Server servers/s1 is DOWN, reason: Layer4 timeout, check duration: 4001ms.",
            "2023-11-14T22:13:20.123456+00:00 Server servers/s1 is DOWN, reason: Layer4 timeout, check duration: 4001ms. 1 active and 0 backup servers left.",
            "2023-11-14T22:13:20.200000+00:00 access 1700000000 123 0 0 5 200 s2 ---- 3f2a9c1d0e4b",
            "2023-11-14T23:13:30.500000+01:00 Server servers/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 2ms.",
            "2023-11-14T22:13:31.000000+00:00 backend servers has no server available!",
            "2023-11-14T22:13:32.000000+00:00 Server servers/s3 is UP/READY (leaving forced maintenance).",
            "2023-11-14T22:13:33.000000+00:00 Server servers/s1 enters drain state. 1 active and 0 backup servers online.",
            "2023-11-14T22:13:34.000000+00:00 Server servers/s1 is going DOWN for maintenance. 1 active and 0 backup servers left.",
        ]);

        Assert.Equal(
            [
                new TargetChange(1_700_000_000_123, "s1", TargetHealth.Unhealthy),
                new TargetChange(1_700_000_010_500, "s1", TargetHealth.Healthy),
                new TargetChange(1_700_000_013_000, "s1", TargetHealth.Draining),
                new TargetChange(1_700_000_014_000, "s1", TargetHealth.Unused),
            ],
            changes);
    }
}
