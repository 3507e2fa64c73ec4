// The rendered nginx config run for real on loopback, in front of stand-in app processes: what reaches the app, which
// process answers, and what the client gets back.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WebStack.Core.Servers;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public sealed class NginxLiveTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<FakeApp> _apps = [];
    private Process? _nginx;
    private ServerLayout? _layout;

    /// <summary>Whether the load balancer the test plays names requests (HAProxy) or not (an ALB, the default).</summary>
    private bool _loadBalancerSetsRequestId;

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>
    /// Starts nginx with the config rendered for two default processes and a blog site of one; <paramref name="down"/>
    /// ports get no app process, as if it had crashed.
    /// </summary>
    private StackSettings Start(string trustedProxy = "127.0.0.1/32", NginxTuning? tuning = null, params int[] down) =>
        Start(trustedProxy, tuning, [], down);

    private StackSettings Start(string trustedProxy, NginxTuning? tuning, (string, string)[] extraSettings, params int[] down)
    {
        var nginx = Tools.Require("nginx", "the rendered nginx config");
        var basePort = FakeApp.FreePortRange(3);
        var settings = Config.Valid([("appProcesses", "2"), ("appBasePort", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 1}]"), .. extraSettings]);
        foreach (var site in AppSite.For(settings))
        {
            foreach (var port in site.Ports.Where(port => !down.Contains(port - basePort)))
            {
                _apps.Add(new FakeApp(site.Name, port));
            }
        }

        _layout = Layouts.Local(_temp.Path, Layouts.FreePort(), [IPNetwork.Parse(trustedProxy)]) with { LoadBalancerSetsRequestId = _loadBalancerSetsRequestId };
        File.WriteAllText(_layout.NginxConfigPath, NginxConfig.Render(ServerPlan.From(settings), _layout, tuning ?? NginxTuning.Default));
        var prefix = Path.GetDirectoryName(_layout.NginxConfigPath)! + "/";
        var start = new ProcessStartInfo(nginx)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "-p", prefix, "-c", _layout.NginxConfigPath, "-e", prefix + "startup-error.log", "-g", "daemon off; master_process off;" })
        {
            start.ArgumentList.Add(argument);
        }

        _nginx = Process.Start(start)!;
        WaitUntilListening(_layout.ListenPort);
        return settings;
    }

    private void WaitUntilListening(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_nginx!.HasExited, $"nginx stopped at once:\n{_nginx.StandardError.ReadToEnd()}\n{ErrorLog()}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail($"nginx never listened on {port}:\n{ErrorLog()}");
    }

    private string ErrorLog() => _layout is not null && File.Exists(_layout.NginxErrorLogPath) ? File.ReadAllText(_layout.NginxErrorLogPath) : "";

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Seen, string? RequestId = null)
    {
        /// <summary>What the client got in the response's headers (name lower-case), e.g. strict-transport-security.</summary>
        public IReadOnlyDictionary<string, string> Returned { get; init; } = new Dictionary<string, string>();

        public string Site => Seen["site"];

        public int Port => int.Parse(Seen["port"], System.Globalization.CultureInfo.InvariantCulture);

        public string Path => Seen["path"];

        public string Header(string name) => Seen.TryGetValue($"header:{name}", out var value) ? value : "(absent)";
    }

    private Answer Get(string path, string host = "www.example.com", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_layout!.ListenPort}{path}");
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = Client.Send(request);
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var seen = body.Split('\n').Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2)).GroupBy(pair => pair[0]).ToDictionary(group => group.Key, group => group.First()[1]);
        var returned = response.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => string.Join(", ", header.Value));
        var id = response.Headers.TryGetValues(RequestId.Header, out var ids) ? string.Join(",", ids) : null;
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, seen, id) { Returned = returned };
    }

    public static TheoryData<int> Keepalives => new() { 0, 32 };

    [SkippableTheory]
    [MemberData(nameof(Keepalives))]
    public void A_request_reaches_the_main_app_with_the_clients_host_address_and_scheme(int keepalive)
    {
        Start(tuning: new NginxTuning(UpstreamKeepalive: keepalive));

        var answer = Get("/orders?id=7");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("default", answer.Site);
        Assert.Equal("/orders?id=7", answer.Path);
        Assert.Equal("www.example.com", answer.Header("host"));
        Assert.Equal("127.0.0.1", answer.Header("x-real-ip"));
        Assert.Equal("127.0.0.1", answer.Header("x-forwarded-for"));
        Assert.Equal("http", answer.Header("x-forwarded-proto"));
    }

    [SkippableFact]
    public void A_request_without_a_host_reaches_the_app_with_the_address_it_came_to()
    {
        Start();

        // HTTP/1.0 allows leaving Host out; the app, reached over HTTP/1.1, would refuse a request without one.
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, _layout!.ListenPort);
        using var stream = client.GetStream();
        stream.Write("GET /hello HTTP/1.0\r\n\r\n"u8);
        using var reader = new StreamReader(stream);
        var response = reader.ReadToEnd();

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("header:host=127.0.0.1\n", response, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Behind_the_load_balancer_the_client_is_the_address_it_forwarded()
    {
        Start(trustedProxy: "127.0.0.1/32");

        var answer = Get("/", headers: [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https")]);

        Assert.Equal("203.0.113.9", answer.Header("x-real-ip"));
        Assert.Equal("203.0.113.9, 127.0.0.1", answer.Header("x-forwarded-for"));
        Assert.Equal("https", answer.Header("x-forwarded-proto"));
    }

    private static readonly (string, string)[] Named = [("domainName", "www.example.com"), ("hostedZone", "example.com")];

    [SkippableFact]
    public void Over_HTTPS_from_the_load_balancer_every_site_sends_HSTS_and_over_plain_HTTP_none_does()
    {
        var settings = Start("127.0.0.1/32", null, Named);
        var expected = $"max-age={settings.Tls.HstsMaxAgeSeconds}";

        var https = Get("/", headers: [("X-Forwarded-Proto", "https")]);
        var blog = Get("/", "blog.example.com", ("X-Forwarded-Proto", "https"));
        var missing = Get("/no-such-page", headers: [("X-Forwarded-Proto", "https")]);
        var plain = Get("/", headers: [("X-Forwarded-Proto", "http")]);
        var direct = Get("/");

        Assert.Equal(expected, https.Returned.GetValueOrDefault("strict-transport-security"));
        Assert.Equal(expected, blog.Returned.GetValueOrDefault("strict-transport-security"));
        // "always": an error page over HTTPS carries it too.
        Assert.Equal(expected, missing.Returned.GetValueOrDefault("strict-transport-security"));
        Assert.False(plain.Returned.ContainsKey("strict-transport-security"), "HSTS over plain HTTP");
        Assert.False(direct.Returned.ContainsKey("strict-transport-security"), "HSTS without a forwarded scheme");
    }

    [SkippableFact]
    public void An_https_scheme_claimed_by_a_peer_outside_the_load_balancers_subnets_gets_no_HSTS()
    {
        Start("10.0.128.0/22", null, Named);

        var answer = Get("/", headers: [("X-Forwarded-Proto", "https")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Returned.ContainsKey("strict-transport-security"), "a spoofed X-Forwarded-Proto earned HSTS");
    }

    [SkippableFact]
    public void With_HSTS_turned_off_no_answer_carries_it()
    {
        Start("127.0.0.1/32", null, [.. Named, ("hstsMaxAgeSeconds", "0")]);

        var answer = Get("/", headers: [("X-Forwarded-Proto", "https")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Returned.ContainsKey("strict-transport-security"));
    }

    [SkippableFact]
    public void A_forwarded_address_from_a_peer_outside_the_load_balancers_subnets_is_not_believed()
    {
        Start(trustedProxy: "10.0.128.0/22");

        var answer = Get("/", headers: [("X-Forwarded-For", "203.0.113.9")]);

        Assert.Equal("127.0.0.1", answer.Header("x-real-ip"));
        Assert.EndsWith(", 127.0.0.1", answer.Header("x-forwarded-for"));
    }

    [SkippableFact]
    public void A_site_is_reached_by_its_host_name_and_any_other_host_gets_the_main_app()
    {
        var settings = Start();
        var blogPort = AppSite.For(settings)[1].Ports.Single();

        var blog = Get("/posts/1", host: "blog.example.com");
        var other = Get("/posts/1", host: "unknown.example.org");

        Assert.Equal(("blog", blogPort, "/posts/1"), (blog.Site, blog.Port, blog.Path));
        Assert.Equal("blog.example.com", blog.Header("host"));
        Assert.Equal("default", other.Site);
    }

    [SkippableFact]
    public void The_health_check_asks_the_main_apps_liveness_and_only_on_the_default_server()
    {
        Start();

        var health = Get("/healthz");
        var blogPath = Get("/healthz", host: "blog.example.com");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal(("default", "/health/live"), (health.Site, health.Path));
        Assert.Equal(("blog", "/healthz"), (blogPath.Site, blogPath.Path));
    }

    [SkippableFact]
    public void Static_files_are_served_from_disk_and_the_app_never_sees_them()
    {
        var settings = Start();
        var plan = ServerPlan.From(settings);
        File.WriteAllText(Path.Combine(_layout!.StaticRoot(plan.DefaultSite)!, "site.css"), "body { color: #333; }\n");
        // As the user data does: a site that runs the default app has its current release linked to the same files.
        var blog = _layout.SiteDirectory(plan.Sites[1].Name);
        Directory.CreateDirectory(Path.GetDirectoryName(blog)!);
        File.CreateSymbolicLink(blog, _layout.SiteDirectory(plan.DefaultSite.Name));

        var css = Get("/static/site.css");
        var missing = Get("/static/missing.css");
        var blogCss = Get("/static/site.css", host: "blog.example.com");

        Assert.Equal((HttpStatusCode.OK, "text/css", "body { color: #333; }\n"), (css.Status, css.ContentType, css.Body));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("body { color: #333; }\n", blogCss.Body);
        Assert.All(_apps, app => Assert.Empty(app.Requests));
    }

    [SkippableFact]
    public void Requests_are_spread_over_the_main_apps_processes()
    {
        var settings = Start();

        var ports = Enumerable.Range(0, 12).Select(_ => Get("/").Port).ToHashSet();

        Assert.Equal(AppSite.For(settings)[0].Ports.ToHashSet(), ports);
    }

    [SkippableFact]
    public void A_process_that_is_down_is_skipped_and_the_client_never_sees_an_error()
    {
        var settings = Start(down: 1);
        var live = AppSite.For(settings)[0].Ports[0];

        var answers = Enumerable.Range(0, 12).Select(_ => Get("/")).ToList();

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, live), (answer.Status, answer.Port)));
    }

    [SkippableFact]
    public void Every_request_gets_an_id_that_reaches_the_app_comes_back_to_the_client_and_is_logged_as_json()
    {
        Start();

        var answer = Get("/orders/7?password=hunter2&page=2", headers:
            [("Authorization", "Bearer s3cr3t-t0ken"), ("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678"), ("User-Agent", "live-test")]);

        Assert.Matches("^[0-9a-f]{32}$", answer.RequestId);
        Assert.Equal(answer.RequestId, answer.Header("x-request-id"));
        var line = AccessLogLine(answer.RequestId!);
        using var json = JsonDocument.Parse(line);
        var entry = json.RootElement;
        Assert.Equal(NginxAccessLog.Fields.Select(field => field.Name), entry.EnumerateObject().Select(property => property.Name));
        Assert.Equal("GET", entry.GetProperty("method").GetString());
        Assert.Equal("/orders/7", entry.GetProperty("path").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1", entry.GetProperty("client").GetString());
        Assert.Equal("Root=1-67891233-abcdef012345678912345678", entry.GetProperty("trace_id").GetString());
        Assert.Equal($"127.0.0.1:{answer.Port}", entry.GetProperty("upstream").GetString());
        Assert.True(entry.GetProperty("bytes").GetInt64() > 0);
        Assert.True(entry.GetProperty("request_time").GetDouble() >= 0);
        Assert.True(DateTimeOffset.TryParse(entry.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        // Neither the query string's password nor the Authorization header reaches the log.
        var log = File.ReadAllText(_layout!.NginxAccessLogPath);
        Assert.DoesNotContain("hunter2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-t0ken", log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Nginxs_error_lines_carry_the_query_and_the_copy_for_cloudwatch_cuts_it()
    {
        // Process 1 of the default site is down: nginx logs the failed connection with the request line and the
        // upstream URL, as it does for a missing static file; both carry the query as the client sent it.
        Start(down: 0);

        // Round robin over two processes: one of the first two requests goes to the missing one first.
        Get("/orders/7?password=hunter2&page=2");
        Get("/orders/7?password=hunter2&page=2");
        Get("/static/missing.css?password=hunter2");
        // nginx writes its error log unbuffered, before it answers.
        var lines = File.ReadAllLines(_layout!.NginxErrorLogPath);
        Assert.True(lines.Count(line => line.Contains("hunter2", StringComparison.Ordinal)) >= 2, string.Join('\n', lines));

        var cut = NginxErrorLogCopyTests.Cut(lines);

        Assert.Contains(cut, line => line.Contains($"request: \"GET /static/missing.css{NginxErrorLogCopy.Cut} HTTP/1.1\"", StringComparison.Ordinal));
        Assert.Contains(cut, line => line.Contains($"upstream: \"http://127.0.0.1:", StringComparison.Ordinal)
            && line.Contains($"/orders/7{NginxErrorLogCopy.Cut}\"", StringComparison.Ordinal));
        Assert.All(cut, line => Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void The_load_balancers_id_is_kept_and_one_that_is_not_an_id_is_replaced()
    {
        _loadBalancerSetsRequestId = true;
        Start(trustedProxy: "127.0.0.1/32");

        var kept = Get("/", headers: [("X-Request-Id", "C6336408-D3E2-675A1B2C-0001")]);
        var replaced = Get("/", headers: [("X-Request-Id", "not an id\"; drop")]);
        var missing = Get("/static/missing.css");

        Assert.Equal(("C6336408-D3E2-675A1B2C-0001", "C6336408-D3E2-675A1B2C-0001"), (kept.RequestId, kept.Header("x-request-id")));
        Assert.Matches("^[0-9a-f]{32}$", replaced.RequestId);
        Assert.Equal(replaced.RequestId, replaced.Header("x-request-id"));
        // An answer nginx gives itself (here a 404 for a static file) names its request too.
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Matches("^[0-9a-f]{32}$", missing.RequestId);
        Assert.Contains("\"request_id\":\"C6336408-D3E2-675A1B2C-0001\"", AccessLogLine("C6336408-D3E2-675A1B2C-0001"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Behind_an_alb_which_sets_no_request_id_a_clients_id_is_replaced_even_from_the_load_balancers_subnets()
    {
        // As on AWS: the ALB passes a client's X-Request-Id through untouched, so nginx believes none and makes its own.
        Start(trustedProxy: "127.0.0.1/32");

        var answer = Get("/", headers: [("X-Request-Id", "chosen-by-a-client"), ("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")]);

        Assert.Matches("^[0-9a-f]{32}$", answer.RequestId);
        Assert.Equal(answer.RequestId, answer.Header("x-request-id"));
        using var json = JsonDocument.Parse(AccessLogLine(answer.RequestId!));
        Assert.Equal("Root=1-67891233-abcdef012345678912345678", json.RootElement.GetProperty("trace_id").GetString());
        Assert.DoesNotContain("chosen-by-a-client", File.ReadAllText(_layout!.NginxAccessLogPath), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void An_id_from_a_peer_outside_the_load_balancers_subnets_is_not_believed()
    {
        _loadBalancerSetsRequestId = true;
        Start(trustedProxy: "10.0.128.0/22");

        var answer = Get("/", headers: [("X-Request-Id", "forged-by-a-client")]);

        Assert.Matches("^[0-9a-f]{32}$", answer.RequestId);
        Assert.Equal(answer.RequestId, answer.Header("x-request-id"));
    }

    /// <summary>The access log's line for a request: nginx writes its buffer at least once a second.</summary>
    private string AccessLogLine(string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var lines = Array.Empty<string>();
        while (DateTime.UtcNow < deadline)
        {
            lines = File.Exists(_layout!.NginxAccessLogPath) ? File.ReadAllLines(_layout.NginxAccessLogPath) : [];
            if (lines.FirstOrDefault(line => line.Contains($"\"request_id\":\"{requestId}\"", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"no access log line for request {requestId} within 15 s; the log has:\n{string.Join('\n', lines)}");
        return "";
    }

    public void Dispose()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            _nginx.WaitForExit(5000);
        }

        _nginx?.Dispose();
        _apps.ForEach(app => app.Dispose());
        _temp.Dispose();
    }
}
