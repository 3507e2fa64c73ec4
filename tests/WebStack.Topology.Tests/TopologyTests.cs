// The running topology, looked at from its hosts: the client reaches the load balancer and nothing else, the servers
// reach the database, the load balancer doesn't, requests spread over every server and process, and a database
// outage shows in every server's /health and sets off the target 5xx alarm, and a request's id goes from the load
// balancer through nginx to the app. One topology serves all of them (see TopologyFixture).
using System.Globalization;
using System.Text.Json;
using WebStack.Core.Firewall;
using WebStack.Core.Monitoring;
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

public sealed partial class TopologyTests(TopologyFixture fixture, ITestOutputHelper output) : IClassFixture<TopologyFixture>
{
    [SkippableFact]
    public async Task TheClientReachesTheLoadBalancer()
    {
        var topology = fixture.Require();

        var page = await Probes.GetAsync(topology, topology.Layout.Client, topology.Url);
        var json = await Probes.GetAsync(topology, topology.Layout.Client, topology.Url, json: true);

        Assert.Equal(200, page.Status);
        Assert.Equal(200, json.Status);
        using var document = JsonDocument.Parse(json.Body);
        Assert.Contains(document.RootElement.GetProperty("server").GetString(), topology.Layout.Servers.Select(server => server.Name));
    }

    [SkippableFact]
    public async Task TheClientCanReachNeitherAServerNorTheDatabase()
    {
        var topology = fixture.Require();
        var client = topology.Layout.Client;
        var appPort = topology.Plan.Server.DefaultSite.Ports[0];
        var targets = topology.Layout.Servers.SelectMany(server => new[] { (server, Ports.Nginx), (server, appPort) })
            .Append((topology.Layout.Database, Ports.PostgreSql));

        foreach (var (host, port) in targets)
        {
            // The client has a route to every host (through the router), so it's the security group that stops it.
            var route = await topology.RunInAsync(client, CommandSpec.Of("ip", "-4", "route", "get", host.Address!.ToString()));
            Assert.Contains($"via {TopologyLayout.RouterClientAddress}", route.Output, StringComparison.Ordinal);

            var (reach, detail) = await Probes.TcpAsync(topology, client, host.Address, port);
            output.WriteLine(detail);
            // Dropped without an answer, as a security group does: not even a refusal comes back.
            Assert.True(reach == Reach.NoAnswer, $"the client should get no answer from {host.Name}:{port}, got {reach}: {detail}");
        }
    }

    [SkippableFact]
    public async Task EveryServerReachesTheDatabaseAndIsHealthy()
    {
        var topology = fixture.Require();
        var database = topology.Layout.Database;

        foreach (var server in topology.Layout.Servers)
        {
            var ready = await topology.RunInAsync(server, CommandSpec.Of(RequiredProgram.PgIsReady.Require(), "-h", database.Address!.ToString(),
                "-p", Ports.PostgreSql.ToString(CultureInfo.InvariantCulture), "-t", "5"));
            Assert.True(ready.Succeeded, $"pg_isready from {server.Name}: {ready.Output}");

            var health = await Probes.GetAsync(topology, server, $"http://{server.Address}/health");
            Assert.True(health.Status == 200, $"{server.Name}'s /health: {health.Status} {health.Body}");
            Assert.Contains("\"healthy\"", health.Body, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task TheLoadBalancerCannotReachTheDatabase()
    {
        var topology = fixture.Require();

        var (reach, detail) = await Probes.TcpAsync(topology, topology.Layout.LoadBalancer, topology.Layout.Database.Address!, Ports.PostgreSql);

        output.WriteLine(detail);
        // Its own security group has no rule to send there (and the database's has none to take it): dropped, unanswered.
        Assert.True(reach is Reach.NoAnswer or Reach.BlockedOnTheWayOut, $"the load balancer should not reach the database: {reach}: {detail}");
    }

    [SkippableFact]
    public async Task ServersCannotReachEachOther()
    {
        var topology = fixture.Require();
        var (first, second) = (topology.Layout.Servers[0], topology.Layout.Servers[1]);

        var (reach, detail) = await Probes.TcpAsync(topology, first, second.Address!, Ports.Nginx);

        output.WriteLine(detail);
        Assert.NotEqual(Reach.Connected, reach);
    }

    [SkippableFact]
    public async Task RequestsSpreadOverEveryServerAndEveryProcess()
    {
        var topology = fixture.Require();
        var expected = topology.Layout.Servers
            .SelectMany(server => topology.Plan.Server.DefaultSite.Ports.Select(port => $"{server.Name}:{port}"))
            .ToHashSet();
        // One curl, many requests on one kept-alive connection: the load balancer still picks a server for each. A process
        // another test restarted may sit out nginx's fail_timeout (5 s) in a worker that saw it fail, so this waits for
        // a batch in which every process answers, rather than taking the first batch.
        var seen = await Eventually.ValueAsync(async () =>
            {
                var answers = await Probes.GetManyAsync(topology, topology.Layout.Client, topology.Url, expected.Count * 10);
                var counts = new Dictionary<string, int>();
                foreach (var answer in answers)
                {
                    Assert.Equal(200, answer.Status);
                    using var document = JsonDocument.Parse(answer.Body);
                    var key = $"{document.RootElement.GetProperty("server").GetString()}:{document.RootElement.GetProperty("port").GetInt32()}";
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                return counts;
            },
            counts => counts.Keys.Order().SequenceEqual(expected.Order()), TimeSpan.FromSeconds(30), "a batch of requests answered by every server and process",
            counts => string.Join(", ", counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} x{pair.Value}")), TimeSpan.FromSeconds(1));

        output.WriteLine(string.Join(", ", seen.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} x{pair.Value}")));
    }

    [SkippableFact]
    public async Task ServersSeeTheClientsAddressThroughTheLoadBalancer()
    {
        var topology = fixture.Require();

        var answer = await Probes.GetAsync(topology, topology.Layout.Client, topology.Url, json: true);

        using var document = JsonDocument.Parse(answer.Body);
        Assert.Equal(TopologyLayout.ClientAddress.ToString(), document.RootElement.GetProperty("clientAddress").GetString());
        Assert.StartsWith($"{TopologyLayout.ClientAddress}, {topology.Layout.LoadBalancer.Address}",
            document.RootElement.GetProperty("forwardedFor").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task EveryHostButTheClientHasItsSecurityGroup()
    {
        var topology = fixture.Require();
        var layout = topology.Layout;

        foreach (var host in layout.VpcHosts.Append(layout.Router))
        {
            var table = await topology.RunInAsync(host, CommandSpec.Of("nft", "list", "table", NftablesRuleset.Family, NftablesRuleset.TableName));
            Assert.True(table.Succeeded, $"{host.Name} has no table {NftablesRuleset.TableName}: {table.Output}");
        }

        var client = await topology.RunInAsync(layout.Client, CommandSpec.Of("nft", "list", "ruleset"));
        Assert.True(client.Succeeded && client.Output.Length == 0, $"the client should have no firewall: {client.Output}");
    }

    [SkippableFact]
    public async Task ThisMachinesOwnNetworkIsUntouched()
    {
        var topology = fixture.Require();

        var now = await Probes.HostNetworkAsync();

        Assert.DoesNotContain($"ws{topology.Layout.RunId}", now, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.", now, StringComparison.Ordinal);
        foreach (var host in topology.Layout.VpcHosts)
        {
            Assert.DoesNotContain($"{host.Address}/", now, StringComparison.Ordinal);
            Assert.DoesNotContain(topology.Layout.BridgeName(host.Subnet!), now, StringComparison.Ordinal);
        }

        Assert.Equal(Tables(fixture.HostNetworkBefore), Tables(now));

        static IEnumerable<string> Tables(string network) => network.Split('\n').Where(line => line.StartsWith("table ", StringComparison.Ordinal)).Order();
    }

    [SkippableFact]
    public async Task ARequestsIdIsTheLoadBalancersAndFollowsItThroughNginxAndTheApp()
    {
        var topology = fixture.Require();

        var result = await topology.RunInClientAsync(
            new CommandSpec("curl", ["-sS", "-i", "--max-time", "10", "-H", "Accept: application/json", .. Probes.TrustFor(topology, topology.Url), topology.Url]),
            TimeSpan.FromSeconds(20));
        Assert.True(result.Succeeded && result.Output.Contains("\r\n\r\n", StringComparison.Ordinal), $"curl {topology.Url}: {result.Output}");
        var (headers, body) = (result.Output.Split("\r\n\r\n", 2)[0], result.Output.Split("\r\n\r\n", 2)[1]);
        var id = headers.Split("\r\n").Select(line => line.Split(':', 2)).Single(pair => pair[0].Equals(RequestId.Header, StringComparison.OrdinalIgnoreCase))[1].Trim();
        using var answer = JsonDocument.Parse(body);
        var serverName = answer.RootElement.GetProperty("server").GetString();
        var port = answer.RootElement.GetProperty("port").GetInt32();
        var server = topology.ServerHosts.Single(host => host.Host.Name == serverName).Server!;

        // HAProxy's own id (its address, the client's, the time, a counter), not nginx's 32 hex digits.
        Assert.DoesNotMatch("^[0-9a-f]{32}$", id);
        var logged = await Eventually.ValueAsync(() => Task.FromResult(topology.LoadBalancer.Requests().FirstOrDefault(request => request.RequestId == id)),
            request => request is not null, TimeSpan.FromSeconds(10), $"the load balancer's log line of {id}", _ => topology.LoadBalancer.Process.LogTail(5));
        Assert.Equal(serverName, logged!.Server);
        var nginxLine = await LineWithAsync(server.Nginx.Layout.NginxAccessLogPath, $"\"request_id\":\"{id}\"");
        using var nginx = JsonDocument.Parse(nginxLine);
        Assert.Equal(TopologyLayout.ClientAddress.ToString(), nginx.RootElement.GetProperty("client").GetString());
        Assert.Equal(topology.Layout.LoadBalancer.Address!.ToString(), nginx.RootElement.GetProperty("peer").GetString());
        using var app = JsonDocument.Parse(await LineWithAsync(server.Apps.ProcessOn(port).LogPath, $"\"requestId\":\"{id}\""));
        Assert.Equal(("/", 200), (app.RootElement.GetProperty("path").GetString(), app.RootElement.GetProperty("status").GetInt32()));
        output.WriteLine($"{id}: {logged.Server}, nginx {nginxLine}");
    }

    private static async Task<string> LineWithAsync(string path, string text) =>
        (await Eventually.ValueAsync(
            () => Task.FromResult(File.Exists(path) ? File.ReadLines(path).FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) : null),
            line => line is not null, TimeSpan.FromSeconds(15), $"a line with {text} in {path}",
            _ => File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(3)) : "(no file)"))!;

    [SkippableFact]
    public async Task WithTheDatabaseDownEveryServersHealthSays503()
    {
        var topology = fixture.Require();
        var ports = topology.Plan.Server.DefaultSite.Ports;
        var errors = AlarmPlan.For(topology.Plan.Settings)[AlarmPlan.TargetErrors];

        var stoppedAt = DateTimeOffset.UtcNow;
        AlarmTransition? fired = null;
        await topology.StopDatabaseAsync();
        try
        {
            foreach (var server in topology.Layout.Servers)
            {
                foreach (var port in ports)
                {
                    var health = await Probes.GetAsync(topology, server, $"http://{AppEnvironment.Loopback}:{port}/health");
                    output.WriteLine($"{server.Name}:{port} /health -> {health.Status} {health.Body}");
                    Assert.True(health.Status == 503, $"{server.Name}'s process on {port}: {health.Status} {health.Body}");
                    Assert.Contains("database", health.Body, StringComparison.Ordinal);
                }

                var throughNginx = await Probes.GetAsync(topology, server, $"http://{server.Address}/health");
                Assert.Equal(503, throughNginx.Status);
            }

            // The load balancer's check doesn't test the database, so it keeps every server: no fleet-wide replacement.
            Assert.All(await topology.LoadBalancer.TargetsAsync(), target => Assert.True(target.IsUp, $"{target.Name} is {target.Status}"));
            var page = await Probes.GetAsync(topology, topology.Layout.Client, topology.Url, json: true);
            Assert.Equal(503, page.Status);

            // Under load every answer is the servers' 503: the target 5xx alarm fires once its datapoints are all bad.
            var load = ClientLoad.Start(topology, threads: 1, connections: 2);
            try
            {
                fired = await Eventually.ValueAsync(() => Task.FromResult(topology.Alarms.FirstTransition(AlarmPlan.TargetErrors, AlarmState.Alarm, stoppedAt)),
                    transition => transition is not null, RehearsalTime.PeriodOf(errors) * (errors.EvaluationPeriods + 2) + TimeSpan.FromSeconds(15),
                    $"the {errors.Key} alarm to fire", _ => string.Join("\n", topology.Alarms.Transitions.TakeLast(5)));
                output.WriteLine(fired!.ToString());
                Assert.Contains($"were greater than {AlarmDefinition.Format(errors.Threshold)} %", fired.Reason, StringComparison.Ordinal);
                // The load balancer gave none of those 503s itself.
                Assert.NotEqual(AlarmState.Alarm, topology.Alarms.StateOf(AlarmPlan.LoadBalancerErrors));
            }
            finally
            {
                await load.StopAsync();
            }
        }
        finally
        {
            await topology.StartDatabaseAsync();
        }

        foreach (var server in topology.Layout.Servers)
        {
            foreach (var port in ports)
            {
                HttpAnswer health = new(null, "");
                for (var attempt = 0; attempt < 60 && health.Status != 200; attempt++)
                {
                    health = await Probes.GetAsync(topology, server, $"http://{AppEnvironment.Loopback}:{port}/health");
                    if (health.Status != 200)
                    {
                        await Task.Delay(500);
                    }
                }

                Assert.True(health.Status == 200, $"{server.Name}:{port} did not recover after the database came back: {health.Status} {health.Body}");
            }
        }

        // Without 5xx (and without traffic: no datapoint, which doesn't count against it) the alarm clears.
        var cleared = await Eventually.ValueAsync(() => Task.FromResult(topology.Alarms.FirstTransition(AlarmPlan.TargetErrors, AlarmState.Ok, fired!.At)),
            transition => transition is not null, RehearsalTime.PeriodOf(errors) * 3 + TimeSpan.FromSeconds(10), $"the {errors.Key} alarm to clear",
            _ => string.Join("\n", topology.Alarms.Transitions.TakeLast(5)));
        output.WriteLine(cleared!.ToString());
    }

    [SkippableFact]
    public async Task AKilledAppProcessOnAServerIsStartedAgainAsSystemdWould()
    {
        var topology = fixture.Require();
        var host = topology.Layout.Servers[^1];
        var apps = topology.Servers[^1]!.Apps;
        var port = topology.Plan.Server.DefaultSite.Ports[0];
        var killed = apps.ProcessOn(port).Pid;

        await apps.CrashAsync(port);

        // No one restarts it but its supervision, after the unit's RestartSec.
        await Eventually.TrueAsync(() => apps.ProcessOn(port).Pid != killed && !apps.ProcessOn(port).HasExited, TimeSpan.FromSeconds(30),
            $"the process on port {port} of {host.Name} to be started again", () => fixture.Progress);
        Assert.Contains($"{topology.Plan.Server.DefaultSite.UnitInstance(port)} on {host.Name} crashed (killed by signal 9)", fixture.Progress, StringComparison.Ordinal);
        // And the server's nginx sends to it again (the other tests here expect every process of every server).
        await Eventually.ValueAsync(() => Probes.GetAsync(topology, host, $"http://{host.Address}/", json: true),
            answer => answer.Status == 200 && JsonDocument.Parse(answer.Body).RootElement.GetProperty("port").GetInt32() == port,
            TimeSpan.FromSeconds(30), $"{host.Name}'s nginx to send a request to the restarted process", answer => $"{answer.Status} {answer.Body}",
            TimeSpan.FromMilliseconds(200));
    }
}
