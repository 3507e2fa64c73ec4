// What a server does, proven on real nginx, the real app and a real PostgreSQL: nginx spreads requests over every
// process, passes on who the client is, serves static files itself, hides a crashed process, and the app reports a
// database outage and recovers from it by itself.
using System.Collections.Concurrent;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class ServerRehearsalTests(RehearsalFixture fixture) : IClassFixture<RehearsalFixture>
{
    private AppSite DefaultSite => fixture.Server.DefaultSite;

    [SkippableFact]
    public async Task Requests_through_nginx_reach_every_process_of_the_app()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        // A process another test restarted may sit out nginx's fail_timeout (5 s) in a worker that saw it fail, so
        // this waits for a batch in which every process answers, rather than taking the first batch.
        var (ports, visits) = await Eventually.ValueAsync(async () =>
            {
                var ports = new HashSet<int>();
                var visits = new List<long>();
                for (var i = 0; i < 12; i++)
                {
                    var (status, body) = await fixture.GetJsonAsync("/");
                    Assert.Equal(200, status);
                    ports.Add(body.GetProperty("port").GetInt32());
                    visits.Add(body.GetProperty("visits").GetInt64());
                }

                return (ports, visits);
            },
            batch => batch.ports.SetEquals(DefaultSite.Ports), TimeSpan.FromSeconds(30), "a batch of 12 requests answered by every process",
            batch => $"ports {string.Join(", ", batch.ports.Order())} of {string.Join(", ", DefaultSite.Ports)}", TimeSpan.FromSeconds(1));

        Assert.Equal(DefaultSite.Ports.Order(), ports.Order());
        // One counter for the site, whichever process counts: every visit is a new, higher number.
        Assert.Equal(visits.Order(), visits);
        Assert.Equal(visits.Count, visits.Distinct().Count());
    }

    [SkippableFact]
    public async Task The_app_sees_the_client_address_in_X_Real_IP_and_X_Forwarded_For_and_the_original_Host()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        // nginx trusts X-Forwarded-For only from the load balancer (here: loopback), as from the ALB on EC2.
        var (status, body) = await fixture.GetJsonAsync("/", ("X-Forwarded-For", "203.0.113.7"), ("Host", "www.example.test"));

        Assert.Equal(200, status);
        Assert.Equal("203.0.113.7", body.GetProperty("clientAddress").GetString());
        Assert.Equal("203.0.113.7, 127.0.0.1", body.GetProperty("forwardedFor").GetString());
        Assert.Equal("www.example.test", body.GetProperty("host").GetString());
    }

    [SkippableFact]
    public async Task Without_a_proxy_in_front_the_client_is_the_peer_nginx_saw()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        var (_, body) = await fixture.GetJsonAsync("/");

        Assert.Equal("127.0.0.1", body.GetProperty("clientAddress").GetString());
        Assert.Equal("127.0.0.1", body.GetProperty("forwardedFor").GetString());
    }

    [SkippableFact]
    public async Task A_second_site_gets_its_own_processes_by_host_name()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var blog = fixture.Server.Sites.Single(site => site.Name == "blog");

        var (status, body) = await fixture.GetJsonAsync("/", ("Host", "blog.example.test"));

        Assert.Equal(200, status);
        Assert.Equal("blog", body.GetProperty("site").GetString());
        Assert.Equal(blog.Ports[0], body.GetProperty("port").GetInt32());
    }

    [SkippableFact]
    public async Task Static_files_come_from_nginx_and_the_app_itself_does_not_serve_them()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        using var throughNginx = await fixture.Http.GetAsync(fixture.Url("/static/site.css"));
        using var fromApp = await fixture.Http.GetAsync($"http://127.0.0.1:{DefaultSite.Ports[0]}/static/site.css");

        Assert.Equal(200, (int)throughNginx.StatusCode);
        Assert.Equal("text/css", throughNginx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nginx", throughNginx.Headers.Server.ToString());
        Assert.NotNull(throughNginx.Content.Headers.Expires);
        Assert.Equal(404, (int)fromApp.StatusCode);
    }

    [SkippableFact]
    public async Task The_load_balancer_health_check_path_answers_while_a_process_lives()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        using var response = await fixture.Http.GetAsync(fixture.Url("/healthz"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [SkippableFact]
    public async Task The_apps_json_answers_come_whole_with_their_length_so_a_killed_process_never_leaves_one_half_sent()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        foreach (var path in new[] { "/", "/health" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{DefaultSite.Ports[0]}{path}");
            request.Headers.Add("Accept", "application/json");
            using var response = await fixture.Http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();

            // A chunked answer ends with an empty chunk written on its own: a kill between the two cut it short.
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [SkippableFact]
    public async Task Killing_one_app_process_while_requests_flow_fails_no_request_and_it_comes_back_by_itself()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var victim = DefaultSite.Ports[1];
        var apps = fixture.Rehearsal.Server.Apps;
        var killedPid = apps.ProcessOn(victim).Pid;
        var failures = new ConcurrentQueue<string>();
        var answeredBy = new ConcurrentDictionary<int, int>();
        var requests = 0;
        using var stop = new CancellationTokenSource();

        async Task Client()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var answer = await fixture.GetJsonAsync("/");
                    if (answer is { Status: 200, IsJson: true })
                    {
                        answeredBy.AddOrUpdate(answer.Json.GetProperty("port").GetInt32(), 1, (_, count) => count + 1);
                    }
                    else
                    {
                        failures.Enqueue(answer.ToString());
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(exception.Message);
                }

                Interlocked.Increment(ref requests);
            }
        }

        string Seen() => $"{Volatile.Read(ref requests)} requests, {failures.Count} failed: {string.Join(" | ", failures.Take(5))}";

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(Client)).ToList();
        var crashed = false;
        var crashedAt = 0;
        try
        {
            await Eventually.TrueAsync(() => Volatile.Read(ref requests) >= 50, TimeSpan.FromSeconds(30), "the clients' first 50 requests", Seen);
            await apps.CrashAsync(victim);
            crashed = true;
            crashedAt = Volatile.Read(ref requests);
            // Enough requests after the crash that nginx must have tried the dead process (it takes every third).
            await Eventually.TrueAsync(() => Volatile.Read(ref requests) >= crashedAt + 300, TimeSpan.FromSeconds(60), "300 requests after the crash", Seen);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        Assert.True(failures.IsEmpty, $"requests failed while the process on port {victim} was down: {Seen()}");
        // Nobody restarts it: its supervision does, after the unit's RestartSec, as systemd would on a server.
        Assert.True(crashed);
        await Eventually.TrueAsync(() => apps.ProcessOn(victim).Pid != killedPid && !apps.ProcessOn(victim).HasExited, TimeSpan.FromSeconds(30),
            $"the process on port {victim} to be started again", () => $"{apps.SupervisionOf(victim).State}, {apps.SupervisionOf(victim).Restarts} restarts");
        Assert.Equal(1, apps.SupervisionOf(victim).Restarts);
        await WaitUntilNginxSendsToAsync(victim);
        Assert.All(DefaultSite.Ports.Where(port => port != victim), port => Assert.True(answeredBy.GetValueOrDefault(port) > 0, $"nothing answered from port {port}"));
    }

    // nginx rests a process that failed for fail_timeout (5 s); the other tests share this server and expect all of them.
    private Task WaitUntilNginxSendsToAsync(int port) =>
        Eventually.ValueAsync(() => fixture.GetJsonAsync("/"), answer => answer is { Status: 200, IsJson: true } && answer.Json.GetProperty("port").GetInt32() == port,
            TimeSpan.FromSeconds(20), $"nginx to send a request to the restarted process on port {port}", answer => answer.ToString());

    [SkippableFact]
    public async Task With_the_database_stopped_health_says_503_and_why_and_recovers_without_an_app_restart()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (_, before) = await fixture.GetJsonAsync("/health");
        var pid = before.GetProperty("pid").GetInt32();

        await fixture.Rehearsal.Database.StopAsync();
        try
        {
            var (status, body) = await fixture.GetJsonAsync("/health");
            Assert.Equal(503, status);
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
            Assert.StartsWith("database", body.GetProperty("reason").GetString());
            // Anyone can ask through the load balancer: the reason says what failed, not where the database is.
            Assert.DoesNotContain($":{fixture.Rehearsal.Database.Port}", body.GetProperty("reason").GetString());

            var (homeStatus, home) = await fixture.GetJsonAsync("/");
            Assert.Equal(503, homeStatus);
            Assert.Contains("database unavailable", home.GetProperty("error").GetString());

            // nginx's health location checks the processes, not the database: the load balancer keeps the server.
            using var healthz = await fixture.Http.GetAsync(fixture.Url("/healthz"));
            Assert.Equal(200, (int)healthz.StatusCode);
        }
        finally
        {
            await fixture.Rehearsal.Database.StartAsync();
        }

        // Every process by itself (not through nginx, which would hide one that stays unhealthy).
        await Eventually.ValueAsync(
            async () =>
            {
                var statuses = new Dictionary<int, string>();
                foreach (var port in DefaultSite.Ports)
                {
                    try
                    {
                        using var response = await fixture.Http.GetAsync($"http://127.0.0.1:{port}/health");
                        statuses[port] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        statuses[port] = exception.Message;
                    }
                }

                return statuses;
            },
            statuses => statuses.Values.All(status => status.StartsWith("200 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "every process's /health to say 200 after the database came back",
            statuses => string.Join("; ", statuses.Select(pair => $"{pair.Key}: {pair.Value}")),
            TimeSpan.FromMilliseconds(200));

        var (afterStatus, after) = await fixture.GetJsonAsync("/health", ("X-Probe", "after"));
        Assert.Equal(200, afterStatus);
        Assert.Contains(after.GetProperty("pid").GetInt32(), DefaultSite.Ports.Select(port => fixture.Rehearsal.Server.Apps.ProcessOn(port).Pid));
        Assert.Contains(pid, DefaultSite.Ports.Select(port => fixture.Rehearsal.Server.Apps.ProcessOn(port).Pid));
    }

    [SkippableFact]
    public async Task The_app_reaches_PostgreSQL_over_TLS_only_verifying_it_against_the_runs_throwaway_CA()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var database = fixture.Rehearsal.Database;
        await fixture.GetJsonAsync("/");

        var environment = database.AppEnvironment();
        Assert.Equal("verify-full", environment[DatabaseEnvironment.SslMode]);
        Assert.Equal(fixture.Rehearsal.Certificates.CaFile, environment[DatabaseEnvironment.SslRootCert]);
        Assert.EndsWith($"SSL Mode=VerifyFull;Root Certificate={fixture.Rehearsal.Certificates.CaFile}", environment[DatabaseEnvironment.ConnectionString], StringComparison.Ordinal);
        // Every session the app holds over TCP is encrypted.
        var sessions = await database.QueryAsync(
            "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL AND a.usename = 'webstack'");
        var parts = sessions.Split('/');
        Assert.True(parts[0] == parts[1] && parts[1] != "0", $"TLS sessions / all TCP sessions of the app: {sessions}");
        // Like RDS with rds.force_ssl: a client that won't use TLS gets nowhere, one that checks the name gets in.
        var plain = await database.ConnectOverTcpAsync("disable");
        Assert.False(plain.Succeeded, $"a plain connection got in: {plain.Output}");
        Assert.Contains("no encryption", plain.Output, StringComparison.Ordinal);
        var verified = await database.ConnectOverTcpAsync($"verify-full sslrootcert={fixture.Rehearsal.Certificates.CaFile}");
        Assert.True(verified.Succeeded, verified.Output);
    }

    [SkippableFact]
    public async Task A_database_certificate_from_another_CA_or_for_another_host_is_refused_and_health_says_which()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var database = fixture.Rehearsal.Database;
        using var otherAuthority = ThrowawayCertificateAuthority.Create("another throw-away CA");
        var right = fixture.Rehearsal.Certificates.Authority.IssueServer(["localhost"], [System.Net.IPAddress.Loopback]);
        try
        {
            await database.ServeCertificateAsync(otherAuthority.IssueServer(["localhost"], [System.Net.IPAddress.Loopback]));
            await EveryProcessSaysAsync(503, "not signed by a certificate authority in " + fixture.Rehearsal.Certificates.CaFile);

            await database.ServeCertificateAsync(fixture.Rehearsal.Certificates.Authority.IssueServer(["db.elsewhere.test"], [System.Net.IPAddress.Parse("192.0.2.7")]));
            await EveryProcessSaysAsync(503, "for another host name than the one the app connects to");
        }
        finally
        {
            await database.ServeCertificateAsync(right);
        }

        await EveryProcessSaysAsync(200, "\"healthy\"");
    }

    // Every process by itself (through nginx one that stays unhealthy could hide): its /health status and body.
    private async Task EveryProcessSaysAsync(int status, string text) =>
        await Eventually.ValueAsync(
            async () =>
            {
                var answers = new Dictionary<int, string>();
                foreach (var port in DefaultSite.Ports)
                {
                    try
                    {
                        using var response = await fixture.Http.GetAsync($"http://127.0.0.1:{port}/health");
                        answers[port] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        answers[port] = exception.Message;
                    }
                }

                return answers;
            },
            answers => answers.Values.All(answer => answer.StartsWith($"{status} ", StringComparison.Ordinal) && answer.Contains(text, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), $"every process's /health to say {status} with \"{text}\"",
            answers => string.Join("; ", answers.Select(pair => $"{pair.Key}: {pair.Value}")),
            TimeSpan.FromMilliseconds(200));
}
