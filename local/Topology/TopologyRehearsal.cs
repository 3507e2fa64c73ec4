// The whole architecture on one machine: a client standing for the internet, the VPC router, HAProxy as the load
// balancer in a public subnet, max(2, minSize) servers (nginx in front of the app processes, started exactly as the
// one-server rehearsal starts them) spread over the app subnets, and PostgreSQL as the database in a data subnet,
// each in a network namespace of its own with the stack's security groups as its nftables rules. The network and
// its rules are complete before any program starts, so nothing is ever sent through a half-made topology.
using System.Net;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

public sealed class TopologyRehearsal : IAsyncDisposable
{
    private readonly TopologyNetwork _network;
    private readonly LocalServer?[] _servers;
    private HaProxyServer? _loadBalancer;
    private ThrowawayPostgres? _database;
    private bool _disposed;

    private TopologyRehearsal(RunDirectory run, TopologyNetwork network)
    {
        Run = run;
        _network = network;
        _servers = new LocalServer?[network.Layout.Servers.Count];
    }

    /// <summary>The programs the topology runs: the one-server rehearsal's, plus HAProxy, ip, nft and curl.</summary>
    public static IReadOnlyList<RequiredProgram> Programs { get; } =
        [.. ServerRehearsal.Programs, RequiredProgram.HaProxy, RequiredProgram.Ip, RequiredProgram.Nft, RequiredProgram.Curl];

    public RunDirectory Run { get; }

    public TopologyLayout Layout => _network.Layout;

    public StackPlan Plan => Layout.Plan;

    /// <summary>The load balancer's address as the client uses it, e.g. http://10.0.128.10/.</summary>
    public string Url => Layout.Url;

    public string RulesDirectory => _network.RulesDirectory;

    public HaProxyServer LoadBalancer => _loadBalancer ?? throw new InvalidOperationException("the load balancer is not running");

    public ThrowawayPostgres Database => _database ?? throw new InvalidOperationException("the database is not running");

    /// <summary>The running server of each server host (null once it was stopped), in the order of Layout.Servers.</summary>
    public IReadOnlyList<LocalServer?> Servers => _servers;

    public HostContext Context(TopologyHost host) => new(host.Name, host.Namespace);

    public HostContext Client => Context(Layout.Client);

    /// <summary>Builds the network, then starts the database, the servers and the load balancer; on failure removes everything and throws.</summary>
    public static async Task<TopologyRehearsal> StartAsync(StackPlan plan, string appDirectory, TextWriter progress, CancellationToken cancellation = default)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UserFacingException("the topology needs root: it creates network namespaces, links and nftables rules (run it with sudo)");
        }

        var run = RunDirectory.Create("hosts");
        TopologyRehearsal? rehearsal = null;
        try
        {
            var layout = TopologyLayout.For(plan, run.Id);
            var network = await TopologyNetwork.CreateAsync(run, layout, progress, cancellation);
            rehearsal = new TopologyRehearsal(run, network);
            await rehearsal.StartProgramsAsync(appDirectory, progress, cancellation);
            return rehearsal;
        }
        catch
        {
            if (rehearsal is not null)
            {
                await rehearsal.DisposeAsync();
            }
            else
            {
                run.Remove();
            }

            throw;
        }
    }

    private async Task StartProgramsAsync(string appDirectory, TextWriter progress, CancellationToken cancellation)
    {
        var layout = Layout;
        var db = layout.Database;
        progress.WriteLine($"starting PostgreSQL on {db.Name} ({db.Address}:{Ports.PostgreSql}, {db.Subnet!.Name})...");
        // RDS takes a password from any address; its security group decides who gets that far. The same here: pg_hba
        // allows every range, the database host's nftables rules allow the app subnets.
        _database = await ThrowawayPostgres.StartAsync(Run, Context(db), db.Address!, Ports.PostgreSql, [Ipv4Cidr.Anywhere]);
        cancellation.ThrowIfCancellationRequested();

        // One release for every server, in the run's directory, as each EC2 server keeps its own under /opt.
        var release = await AppBuild.StageAsync(appDirectory, Run);
        var trustedProxies = Plan.Subnets.InTier(SubnetTier.Public).Select(subnet => subnet.Cidr).ToList();
        progress.WriteLine($"starting {layout.Servers.Count} servers ({string.Join(", ", layout.Servers.Select(host => $"{host.Name} {host.Address} in {host.Subnet!.Name}"))}), "
            + $"each nginx in front of {Plan.Server.ProcessCount} app process{(Plan.Server.ProcessCount == 1 ? "" : "es")}...");
        // WhenAll waits for every start before it throws the first failure; the servers that did start are stopped by DisposeAsync.
        await Task.WhenAll(layout.Servers.Select((host, index) => StartServerAsync(index, host, release, trustedProxies, progress)));

        cancellation.ThrowIfCancellationRequested();

        var lb = layout.LoadBalancer;
        var health = Plan.Settings.HealthCheck;
        progress.WriteLine($"starting HAProxy as the load balancer on {lb.Name} ({lb.Address}:{HaProxyConfig.Port}, {lb.Subnet!.Name}); "
            + $"health check GET {health.Path} every {health.IntervalSeconds} s...");
        _loadBalancer = await HaProxyServer.StartAsync(Run, Context(lb), health, lb.Address!,
            layout.Servers.Select(host => new LoadBalancerTarget(host.Name, host.Address!, Ports.Nginx)).ToList());
        await _loadBalancer.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(health.IntervalSeconds * (health.HealthyThreshold + 2) + 10));
        cancellation.ThrowIfCancellationRequested();

        progress.WriteLine($"checking from the client ({TopologyLayout.ClientAddress}) that the load balancer answers on {Url}...");
        await Client.WaitUntilOkAsync(Url, _loadBalancer.Process, TimeSpan.FromSeconds(30), "the load balancer");
    }

    private async Task StartServerAsync(int index, TopologyHost host, AppRelease release, IReadOnlyList<IPNetwork> trustedProxies, TextWriter progress)
    {
        _servers[index] = await LocalServer.StartAsync(Run, Context(host), Plan.Server, release, Database.AppEnvironment(),
            host.Address!, Ports.Nginx, trustedProxies, progress);
    }

    /// <summary>Runs a command inside a host's namespace and returns what it said (never throws for a failing command).</summary>
    public Task<CommandResult> RunInAsync(TopologyHost host, CommandSpec command, TimeSpan? timeout = null) =>
        ProgramRunner.RunAsync(command.InNamespace(host.Namespace), timeout: timeout);

    /// <summary>Runs a command in the client's namespace: the internet's side of the load balancer.</summary>
    public Task<CommandResult> RunInClientAsync(CommandSpec command, TimeSpan? timeout = null) => RunInAsync(Layout.Client, command, timeout);

    /// <summary>
    /// Takes a whole server host away, as when an instance dies: its link goes first (it vanishes from the network),
    /// then its processes (nginx at once, the app processes killed).
    /// </summary>
    public async Task StopServerHostAsync(int index)
    {
        var server = _servers[index] ?? throw new InvalidOperationException($"server {Layout.Servers[index].Name} is already stopped");
        _servers[index] = null;
        await _network.DisconnectAsync(Layout.Servers[index]);
        // SIGTERM: nginx's fast shutdown, in which the master takes its workers with it.
        await server.Nginx.Process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(5));
        // No systemd to restart them: the whole host is gone.
        await server.Apps.KillAllAsync();
        await server.DisposeAsync();
    }

    /// <summary>Stops the database (its host stays on the network, nothing listens).</summary>
    public Task StopDatabaseAsync() => Database.StopAsync();

    /// <summary>Starts the database again, with its data, on the same address.</summary>
    public Task StartDatabaseAsync() => Database.StartAsync();

    /// <summary>The processes running in the topology's namespaces now (including nginx's workers and PostgreSQL's backends).</summary>
    public async Task<IReadOnlyList<int>> ProcessesAsync()
    {
        var all = new List<int>();
        foreach (var name in Layout.Namespaces)
        {
            all.AddRange(await TopologyCleanup.ProcessesInAsync(name));
        }

        return all;
    }

    /// <summary>Stops every program, then deletes the namespaces (links and nftables tables go with them) and the run's files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_loadBalancer is not null)
            {
                await _loadBalancer.DisposeAsync();
            }

            await Task.WhenAll(_servers.Where(server => server is not null).Select(server => server!.DisposeAsync().AsTask()));
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
        finally
        {
            await _network.DisposeAsync();
            Run.Remove();
        }
    }
}
