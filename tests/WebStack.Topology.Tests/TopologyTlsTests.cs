// TLS in the shared topology (the "topo" stack on its own name, www.topo.example): the client gets a verified HTTPS
// answer on the stack's name, which resolves in its namespace alone; plain HTTP is redirected; a client trusting only
// the system's store is refused (the run's CA is trusted nowhere else); HSTS comes over HTTPS only; every server talks
// to PostgreSQL over TLS it verified (verify-full), and PostgreSQL takes nothing else.
using System.Globalization;
using WebStack.Core.Apps;
using WebStack.Core.Database;
using WebStack.Core.Firewall;
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed partial class TopologyTests
{
    [SkippableFact]
    public async Task TheClientGetsAVerifiedHttpsAnswerOnTheStacksName()
    {
        var topology = fixture.Require();
        Assert.Equal($"https://{TopoProject.Domain}/", topology.Url);

        var result = await topology.RunInClientAsync(CommandSpec.Of("curl", "-sS", "--max-time", "10", "--cacert", topology.CaFile,
            "-H", "Accept: application/json", "-w", "\n%{http_code} %{ssl_verify_result} %{remote_ip}", topology.Url));

        Assert.True(result.Succeeded, result.Output);
        var summary = result.Output.Split('\n')[^1];
        // 200, certificate verified (0), from the load balancer the name resolved to in the client's namespace.
        Assert.Equal($"200 0 {topology.Layout.LoadBalancer.Address}", summary);
        Assert.Contains("\"clientAddress\":\"198.51.100.10\"", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task PlainHttpOnTheNameIsRedirectedPermanentlyToHttps()
    {
        var topology = fixture.Require();

        var result = await topology.RunInClientAsync(CommandSpec.Of("curl", "-sS", "--max-time", "10", "-o", "/dev/null",
            "-w", "%{http_code} %{redirect_url}", $"http://{TopoProject.Domain}/static/site.css?v=2"));

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal($"301 https://{TopoProject.Domain}/static/site.css?v=2", result.Output.Trim());
    }

    [SkippableFact]
    public async Task AClientTrustingOnlyTheSystemsStoreIsRefused()
    {
        var topology = fixture.Require();

        var result = await topology.RunInClientAsync(CommandSpec.Of("curl", "-sS", "--max-time", "10", "-o", "/dev/null", topology.Url));

        // 60: the peer's certificate can't be verified with the known CA certificates.
        Assert.True(result.ExitCode == 60, $"curl without the run's CA: exit {result.ExitCode}: {result.Output}");
        Assert.Contains("certificate", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task TheNameResolvesInTheClientsNamespaceOnlyAndThisMachinesHostsFileIsUntouched()
    {
        var topology = fixture.Require();

        var inClient = await topology.RunInClientAsync(CommandSpec.Of("getent", "hosts", TopoProject.Domain));
        var here = await ProgramRunner.RunAsync(CommandSpec.Of("getent", "hosts", TopoProject.Domain));

        Assert.True(inClient.Succeeded, inClient.Output);
        Assert.StartsWith(topology.Layout.LoadBalancer.Address!.ToString(), inClient.Output, StringComparison.Ordinal);
        Assert.False(here.Succeeded, $"the stack's name resolves on this machine: {here.Output}");
        Assert.DoesNotContain(TopoProject.Domain, await File.ReadAllTextAsync("/etc/hosts"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task HstsComesOverHttpsOnlyWithTheStacksMaxAge()
    {
        var topology = fixture.Require();
        var maxAge = topology.Plan.Settings.Tls.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture);

        var https = await topology.RunInClientAsync(CommandSpec.Of("curl", "-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null", "--cacert", topology.CaFile, topology.Url));
        var http = await topology.RunInClientAsync(CommandSpec.Of("curl", "-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null", topology.Layout.HttpUrl));
        // A server asked directly with a forged scheme by a host that isn't the load balancer: nginx doesn't believe it.
        var server = topology.Layout.Servers[0];
        var forged = await topology.RunInAsync(server, CommandSpec.Of("curl", "-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null",
            "-H", "X-Forwarded-Proto: https", $"http://{server.Address}/"));

        Assert.Contains($"strict-transport-security: max-age={maxAge}", https.Output, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("HTTP/1.1 301", http.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("strict-transport-security", http.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(forged.Succeeded, forged.Output);
        Assert.DoesNotContain("strict-transport-security", forged.Output, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task EveryServerReachesPostgreSqlOverVerifiedTlsAndPostgreSqlTakesNothingElse()
    {
        var topology = fixture.Require();
        var database = topology.Database;
        foreach (var server in topology.Layout.Servers)
        {
            var health = await Probes.GetAsync(topology, server, $"http://{server.Address}/health");
            Assert.True(health.Status == 200, $"{server.Name}'s /health: {health.Status} {health.Body}");
        }

        var environment = database.AppEnvironment();
        Assert.Equal(DatabaseAccess.SslMode, environment[DatabaseEnvironment.SslMode]);
        Assert.Equal(topology.CaFile, environment[DatabaseEnvironment.SslRootCert]);
        var sessions = await database.QueryAsync(
            "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL AND a.usename = 'webstack'");
        var parts = sessions.Split('/');
        Assert.True(parts[0] == parts[1] && parts[1] != "0", $"TLS sessions / all TCP sessions of the servers: {sessions}");

        // From a server (the database's security group lets it in): without TLS refused, verified against the run's CA admitted.
        var psql = Path.Combine(Path.GetDirectoryName(RequiredProgram.PgIsReady.Require())!, "psql");
        async Task<CommandResult> Connect(string sslMode) => await topology.RunInAsync(topology.Layout.Servers[0], new CommandSpec(psql,
            [$"host={topology.Layout.Database.Address} port={Ports.PostgreSql} dbname={DatabaseAccess.DatabaseName} user={DatabaseAccess.Username} sslmode={sslMode} connect_timeout=5", "-Atc", "SELECT 1"])
        {
            Environment = new Dictionary<string, string> { ["PGPASSWORD"] = database.Password },
        });
        var plain = await Connect("disable");
        var verified = await Connect($"verify-full sslrootcert={topology.CaFile}");

        Assert.False(plain.Succeeded, $"a plain connection got in: {plain.Output}");
        Assert.Contains("no encryption", plain.Output, StringComparison.Ordinal);
        Assert.True(verified.Succeeded, verified.Output);
    }
}
