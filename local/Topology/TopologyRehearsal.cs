// The whole architecture on one machine: a client standing for the internet, the VPC router, HAProxy as the load
// balancer in a public subnet, max(2, minSize) servers (nginx in front of the app processes, started exactly as the
// one-server rehearsal starts them) spread over the app subnets, and PostgreSQL as the database in a data subnet,
// each in a network namespace of its own with the stack's security groups as its nftables rules. The network and
// its rules are complete before any program starts, so nothing is ever sent through a half-made topology. Servers
// come and go while it runs (a deploy launches new ones and terminates old ones), as instances of the group do, and
// the stack's alarms are evaluated on what the load balancer reports, as CloudWatch evaluates them on AWS.
using System.Net;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

/// <summary>A server host of the running topology, the release it was launched with, and its server (null when it
/// could not start, or once it was stopped).</summary>
/// <param name="BootProblem">Why its server didn't start, when it didn't (the first line of what it said).</param>
public sealed record TopologyServer(TopologyHost Host, ServerRelease Release, LocalServer? Server, string? BootProblem = null);

public sealed class TopologyRehearsal : IAsyncDisposable
{
    private readonly TopologyNetwork _network;
    private readonly List<TopologyServer> _servers = [];
    private readonly Lock _lock = new();
    private HaProxyServer? _loadBalancer;
    private AlarmWatch? _alarms;
    private ThrowawayPostgres? _database;
    private int _lastServerNumber;
    private bool _disposed;
    private ServerRelease? _groupRelease;

    private TopologyRehearsal(RunDirectory run, TopologyNetwork network)
    {
        Run = run;
        _network = network;
        _lastServerNumber = network.Layout.Servers.Count;
        Certificates = RehearsalCertificates.Create(run);
    }

    /// <summary>The run's throw-away authority: it signs the load balancer's and the database's certificates, and nothing trusts it but this run's clients.</summary>
    public RehearsalCertificates Certificates { get; }

    /// <summary>The programs the topology runs: the one-server rehearsal's, plus HAProxy, ip, nft and curl.</summary>
    public static IReadOnlyList<RequiredProgram> Programs { get; } =
        [.. ServerRehearsal.Programs, RequiredProgram.HaProxy, RequiredProgram.Ip, RequiredProgram.Nft, RequiredProgram.Curl];

    /// <summary>The programs <paramref name="plan"/>'s topology needs: java too when an app is a jar.</summary>
    public static IReadOnlyList<RequiredProgram> ProgramsFor(StackPlan plan) => plan.Server.JavaVersions.Count > 0 ? [.. Programs, RequiredProgram.Java] : Programs;

    /// <summary>What a topology's run directory is called: hosts-&lt;id&gt;.</summary>
    public const string RunKind = "hosts";

    public RunDirectory Run { get; }

    /// <summary>The hosts the topology started with; <see cref="ServerHosts"/> are the servers it has now.</summary>
    public TopologyLayout Layout => _network.Layout;

    public StackPlan Plan => Layout.Plan;

    /// <summary>Where the client reaches the stack, e.g. https://www.example.com/ (verified with <see cref="CaFile"/>) or http://10.0.128.10/.</summary>
    public string Url => Layout.Url;

    /// <summary>The authority a client verifies the load balancer and the database with (curl --cacert).</summary>
    public string CaFile => Certificates.CaFile;

    public string RulesDirectory => _network.RulesDirectory;

    public HaProxyServer LoadBalancer => _loadBalancer ?? throw new InvalidOperationException("the load balancer is not running");

    public ThrowawayPostgres Database => _database ?? throw new InvalidOperationException("the database is not running");

    /// <summary>The stack's alarms, evaluated on what the load balancer reports (see AlarmWatch).</summary>
    public AlarmWatch Alarms => _alarms ?? throw new InvalidOperationException("the alarms are not evaluated yet");

    /// <summary>The servers the topology runs now, oldest first.</summary>
    public IReadOnlyList<TopologyServer> ServerHosts
    {
        get
        {
            lock (_lock)
            {
                return [.. _servers];
            }
        }
    }

    /// <summary>The running server of each host the topology started with (null once it was stopped), in the order of Layout.Servers.</summary>
    public IReadOnlyList<LocalServer?> Servers =>
        Layout.Servers.Select(host => ServerHosts.FirstOrDefault(server => server.Host.Name == host.Name)?.Server).ToList();

    /// <summary>
    /// The release the group launches on scale-out and replacement: its launch template version. A deploy changes it
    /// only when it succeeds, as an instance refresh with a desired configuration does on AWS; after a failed one the
    /// group goes on launching the release before.
    /// </summary>
    public ServerRelease GroupRelease
    {
        get
        {
            lock (_lock)
            {
                return _groupRelease ?? throw new InvalidOperationException("the topology has no servers yet");
            }
        }
    }

    /// <summary>What a refresh that succeeded does: the group's configuration becomes <paramref name="release"/>.</summary>
    internal void ConfigureGroup(ServerRelease release)
    {
        lock (_lock)
        {
            _groupRelease = release;
        }
    }

    /// <summary>One more server, as the scaling policy adds one: it runs the group's release (<see cref="GroupRelease"/>).</summary>
    public Task<TopologyServer> ScaleOutAsync(TextWriter progress) => LaunchServerAsync(GroupRelease, progress);

    public HostContext Context(TopologyHost host) => new(host.Name, host.Namespace);

    public HostContext Client => Context(Layout.Client);

    /// <summary>Builds the network, then starts the database, the servers and the load balancer; on failure removes everything and throws.</summary>
    /// <param name="serverCount">How many servers to start with; by default max(2, minSize).</param>
    public static async Task<TopologyRehearsal> StartAsync(StackPlan plan, StackBuild build, TextWriter progress, CancellationToken cancellation = default,
        int? serverCount = null)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UserFacingException("the topology needs root: it creates network namespaces, links and nftables rules (run it with sudo)");
        }

        var run = RunDirectory.Create(RunKind, plan.Settings.Stack);
        TopologyRehearsal? rehearsal = null;
        try
        {
            var layout = TopologyLayout.For(plan, run.Id, serverCount);
            var network = await TopologyNetwork.CreateAsync(run, layout, progress, cancellation);
            rehearsal = new TopologyRehearsal(run, network);
            await rehearsal.StartProgramsAsync(build, progress, cancellation);
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

    private IReadOnlyList<IPNetwork> TrustedProxies => Plan.Subnets.InTier(SubnetTier.Public).Select(subnet => subnet.Cidr).ToList();

    private async Task StartProgramsAsync(StackBuild build, TextWriter progress, CancellationToken cancellation)
    {
        var layout = Layout;
        var db = layout.Database;
        progress.WriteLine($"starting PostgreSQL on {db.Name} ({db.Address}:{Ports.PostgreSql}, {db.Subnet!.Name})...");
        // RDS takes a password from any address; its security group decides who gets that far. The same here: pg_hba
        // allows every range, the database host's nftables rules allow the app subnets.
        // TLS only, with a certificate for its address from the run's authority; the app verifies it (verify-full).
        _database = await ThrowawayPostgres.StartAsync(Run, Context(db), db.Address!, Ports.PostgreSql, [Ipv4Cidr.Anywhere],
            Certificates.ForDatabase(db.Address!));
        cancellation.ThrowIfCancellationRequested();

        // One release for every server, in the run's directory, as each EC2 server keeps its own under /opt.
        var release = await AppBuild.StageAsync(build, Run);
        ConfigureGroup(release);
        progress.WriteLine($"starting {layout.Servers.Count} server{(layout.Servers.Count == 1 ? "" : "s")} "
            + $"({string.Join(", ", layout.Servers.Select(host => $"{host.Name} {host.Address} in {host.Subnet!.Name}"))}), "
            + $"each nginx in front of {Plan.Server.ProcessCount} app process{(Plan.Server.ProcessCount == 1 ? "" : "es")}, release {release.Name}...");
        // WhenAll waits for every start before it throws the first failure; the servers that did start are stopped by DisposeAsync.
        var started = new LocalServer?[layout.Servers.Count];
        try
        {
            await Task.WhenAll(layout.Servers.Select(async (host, index) => started[index] = await StartServerAsync(host, release, progress)));
        }
        finally
        {
            lock (_lock)
            {
                _servers.AddRange(layout.Servers.Select((host, index) => new TopologyServer(host, release, started[index])));
            }
        }

        cancellation.ThrowIfCancellationRequested();

        var lb = layout.LoadBalancer;
        var health = Plan.Settings.HealthCheck;
        progress.WriteLine($"starting HAProxy as the load balancer on {lb.Name} ({lb.Address}:{HaProxyConfig.Port}, {lb.Subnet!.Name}); "
            + $"health check GET {health.Path} every {health.IntervalSeconds} s...");
        var siteCertificate = layout.HttpsName is { } name ? Certificates.Authority.IssueServer([name], []) : null;
        if (siteCertificate is not null)
        {
            progress.WriteLine($"  HTTPS on {HaProxyConfig.HttpsPort} for {layout.HttpsName} (certificate from the run's throw-away CA), HTTP redirected to it");
        }

        _loadBalancer = await HaProxyServer.StartAsync(Run, Context(lb), health, lb.Address!, layout.Servers.Select(Target).ToList(), siteCertificate);
        await _loadBalancer.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(health.IntervalSeconds * (health.HealthyThreshold + 2) + 10));
        cancellation.ThrowIfCancellationRequested();

        progress.WriteLine($"checking from the client ({TopologyLayout.ClientAddress}) that the load balancer answers on {Url}...");
        await Client.WaitUntilOkAsync(Url, _loadBalancer.Process, TimeSpan.FromSeconds(30), "the load balancer", siteCertificate is null ? null : CaFile);
        _alarms = AlarmWatch.Start(Plan, _loadBalancer, progress);
    }

    private static LoadBalancerTarget Target(TopologyHost host) => new(host.Name, host.Address!, Ports.Nginx);

    private Task<LocalServer> StartServerAsync(TopologyHost host, ServerRelease release, TextWriter progress) =>
        LocalServer.StartAsync(Run, Context(host), Plan.Server, release, Database.AppEnvironment(), host.Address!, Ports.Nginx, TrustedProxies,
            loadBalancerSetsRequestId: HaProxyConfig.SetsRequestId, progress);

    /// <summary>
    /// Launches one more server, as the auto-scaling group launches an instance: a new host in the next app subnet in
    /// turn, registered with the load balancer (not healthy until it passes its checks), then booted the way the
    /// user data boots a server. A server whose app doesn't start stays registered and failing its checks, as an
    /// instance whose user data failed does; <paramref name="progress"/> hears why.
    /// </summary>
    public async Task<TopologyServer> LaunchServerAsync(ServerRelease release, TextWriter progress)
    {
        int number;
        lock (_lock)
        {
            number = ++_lastServerNumber;
        }

        var host = Layout.ServerHost(number);
        await _network.AddHostAsync(host);
        await LoadBalancer.RegisterAsync(Target(host), Plan.Settings.HealthCheck);
        LocalServer? server = null;
        string? problem = null;
        try
        {
            server = await StartServerAsync(host, release, progress);
        }
        catch (UserFacingException exception)
        {
            progress.WriteLine($"{host.Name} did not boot: {exception.Message}");
            problem = exception.Message.Split('\n')[0].TrimEnd(';', ':', ' ');
        }

        var launched = new TopologyServer(host, release, server, problem);
        lock (_lock)
        {
            _servers.Add(launched);
        }

        return launched;
    }

    /// <summary>
    /// Terminates a server, as the group terminates an instance it has drained: out of the load balancer, its
    /// processes stopped as systemd stops them at shutdown (nginx finishes what it has, the app gets SIGTERM), and its
    /// host removed.
    /// </summary>
    public async Task TerminateServerAsync(TopologyServer server)
    {
        lock (_lock)
        {
            _servers.RemoveAll(entry => entry.Host.Name == server.Host.Name);
        }

        await LoadBalancer.DeregisterAsync(server.Host.Name);
        if (server.Server is { } running)
        {
            await running.DisposeAsync();
        }

        await _network.RemoveHostAsync(server.Host);
    }

    /// <summary>Runs a command inside a host's namespace and returns what it said (never throws for a failing command).</summary>
    public Task<CommandResult> RunInAsync(TopologyHost host, CommandSpec command, TimeSpan? timeout = null) =>
        ProgramRunner.RunAsync(command.InNamespace(host.Namespace), timeout: timeout);

    /// <summary>Runs a command in the client's namespace: the internet's side of the load balancer.</summary>
    public Task<CommandResult> RunInClientAsync(CommandSpec command, TimeSpan? timeout = null) => RunInAsync(Layout.Client, command, timeout);

    /// <summary>
    /// Takes a whole server host away, as when an instance dies: its link goes first (it vanishes from the network),
    /// then its processes (nginx at once, the app processes killed; no systemd is left to restart them).
    /// </summary>
    public async Task StopServerHostAsync(int index)
    {
        var host = Layout.Servers[index];
        TopologyServer entry;
        lock (_lock)
        {
            entry = _servers.FirstOrDefault(server => server.Host.Name == host.Name && server.Server is not null)
                ?? throw new InvalidOperationException($"server {host.Name} is already stopped");
            _servers[_servers.IndexOf(entry)] = entry with { Server = null };
        }

        var server = entry.Server!;
        await _network.DisconnectAsync(host);
        // SIGTERM: nginx's fast shutdown, in which the master takes its workers with it.
        await server.Nginx.Process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(5));
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
            if (_alarms is not null)
            {
                await _alarms.DisposeAsync();
            }

            if (_loadBalancer is not null)
            {
                await _loadBalancer.DisposeAsync();
            }

            await Task.WhenAll(ServerHosts.Where(server => server.Server is not null).Select(server => server.Server!.DisposeAsync().AsTask()));
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
        finally
        {
            await _network.DisposeAsync();
            Certificates.Dispose();
            Run.Remove();
        }
    }
}
