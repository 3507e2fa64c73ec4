// The topology's network, made in the kernel: a namespace per host, the router's bridge per subnet, a veth from every
// host to its subnet, addresses, routes, forwarding on the router and the nftables rules on every host. Every command
// runs inside a topology namespace (ip -n / ip netns exec), so the machine's own network gets no address, route or
// link. Each namespace is recorded in the run before it is made, so `webstack down` finds it even after a kill -9.
using System.Globalization;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

public sealed class TopologyNetwork : IAsyncDisposable
{
    private readonly RunDirectory _run;
    private readonly List<string> _namespaces = [];
    private readonly TextWriter _progress;

    private TopologyNetwork(RunDirectory run, TopologyLayout layout, TextWriter progress)
    {
        _run = run;
        Layout = layout;
        _progress = progress;
    }

    public TopologyLayout Layout { get; }

    /// <summary>Where the rulesets loaded into the hosts are kept, one file per namespace.</summary>
    public string RulesDirectory => Path.Combine(_run.Path, "nftables");

    /// <summary>Makes every namespace, link, address, route and firewall rule; on any failure removes what it made and throws.</summary>
    public static async Task<TopologyNetwork> CreateAsync(RunDirectory run, TopologyLayout layout, TextWriter progress, CancellationToken cancellation = default)
    {
        var tooLong = layout.RouterLinkNames.Where(name => name.Length > TopologyLayout.MaxLinkNameLength).ToList();
        if (tooLong.Count > 0)
        {
            throw new UserFacingException($"link name{(tooLong.Count == 1 ? "" : "s")} {string.Join(", ", tooLong)} exceed Linux's {TopologyLayout.MaxLinkNameLength} characters");
        }

        var network = new TopologyNetwork(run, layout, progress);
        try
        {
            await network.BuildAsync(cancellation);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(CancellationToken cancellation)
    {
        var layout = Layout;
        _progress.WriteLine($"creating the network namespaces {string.Join(", ", layout.Namespaces)}...");
        foreach (var host in layout.Hosts)
        {
            cancellation.ThrowIfCancellationRequested();
            await AddNamespaceAsync(host.Namespace);
        }

        if (layout.HttpsName is { } name)
        {
            // The stack's name resolves to the load balancer in the client's namespace alone, as a public DNS record
            // would for clients on the internet: `ip netns exec` lays /etc/netns/<namespace>/hosts over /etc/hosts there.
            var etc = TopologyCleanup.NamespaceEtc(layout.Client.Namespace);
            Directory.CreateDirectory(etc);
            await File.WriteAllTextAsync(Path.Combine(etc, "hosts"), $"127.0.0.1\tlocalhost\n::1\tlocalhost\n{layout.LoadBalancer.Address}\t{name}\n", cancellation);
            _progress.WriteLine($"resolving {name} to the load balancer {layout.LoadBalancer.Address} in the client's namespace only ({etc}/hosts)...");
        }

        var router = layout.Router.Namespace;
        await InAsync(router, "turning on forwarding in the router", "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");

        _progress.WriteLine($"linking the subnets {string.Join(", ", layout.UsedSubnets.Select(subnet => $"{subnet.Name} {subnet.Cidr}"))} and the client {TopologyLayout.ClientNetwork} to the router...");
        foreach (var subnet in layout.UsedSubnets)
        {
            var bridge = layout.BridgeName(subnet);
            await IpAsync(router, $"creating the bridge of subnet {subnet.Name}", "link", "add", bridge, "type", "bridge");
            await IpAsync(router, $"giving the router {TopologyLayout.RouterAddress(subnet)} in {subnet.Name}", "addr", "add",
                $"{TopologyLayout.RouterAddress(subnet)}/{subnet.Cidr.PrefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", bridge);
            await IpAsync(router, $"bringing up the bridge of {subnet.Name}", "link", "set", bridge, "up");
        }

        foreach (var host in layout.Hosts.Where(host => host.RouterPort is not null))
        {
            cancellation.ThrowIfCancellationRequested();
            await ConnectAsync(host);
        }

        _progress.WriteLine($"loading the security groups as nftables rules (table {NftablesRuleset.Family} {NftablesRuleset.TableName}) into every host...");
        Directory.CreateDirectory(RulesDirectory);
        await LoadRulesAsync(layout.Router, NftablesRuleset.ForRouter(layout.Plan));
        foreach (var host in layout.VpcHosts)
        {
            await LoadRulesAsync(host, NftablesRuleset.ForTier(layout.Plan, host.Tier!.Value));
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        // Recorded first: if this process dies right after the namespace appears, the record still names it. Removed
        // on failure only once made, so a namespace that was already there (another run's) is never touched.
        _run.RecordNamespace(name);
        var result = await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "add", name));
        if (result.Succeeded)
        {
            _namespaces.Add(name);
        }
        else
        {
            var remedy = result.Output.Contains("File exists", StringComparison.Ordinal)
                ? "A namespace of that name is already there (left by another run? `webstack down` removes leftovers)."
                : "The topology needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN and a kernel with network namespaces "
                    + "(in a container: --privileged, or --cap-add SYS_ADMIN --cap-add NET_ADMIN).";
            throw new UserFacingException($"could not create the network namespace {name} (ip netns add {name}: {result.Output}). {remedy} Nothing was started.");
        }

        await IpAsync(name, "bringing up loopback", "link", "set", "lo", "up");
    }

    /// <summary>The host's veth: its end is eth0 with its address and routes; the router's end joins the subnet's bridge.</summary>
    private async Task ConnectAsync(TopologyHost host)
    {
        var layout = Layout;
        var router = layout.Router.Namespace;
        var port = host.RouterPort!;
        var prefix = host.Network!.Value.PrefixLength.ToString(CultureInfo.InvariantCulture);
        await IpAsync(router, $"creating the link of {host.Name}", "link", "add", port, "type", "veth", "peer", "name", TopologyHost.LinkName, "netns", host.Namespace);
        if (host.Subnet is { } subnet)
        {
            await IpAsync(router, $"joining {host.Name}'s link to subnet {subnet.Name}", "link", "set", port, "master", layout.BridgeName(subnet));
        }
        else
        {
            await IpAsync(router, $"giving the router {host.Gateway} on {host.Name}'s link", "addr", "add", $"{host.Gateway}/{prefix}", "dev", port);
        }

        await IpAsync(router, $"bringing up {host.Name}'s link on the router", "link", "set", port, "up");
        await IpAsync(host.Namespace, $"giving {host.Name} its address {host.Address}", "addr", "add", $"{host.Address}/{prefix}", "dev", TopologyHost.LinkName);
        await IpAsync(host.Namespace, $"bringing up {host.Name}'s link", "link", "set", TopologyHost.LinkName, "up");
        foreach (var route in host.Routes)
        {
            var destination = route.PrefixLength == 0 ? "default" : route.ToString();
            await IpAsync(host.Namespace, $"routing {host.Name} to {destination} through {host.Gateway}", "route", "add", destination, "via", host.Gateway!.ToString());
        }
    }

    private async Task LoadRulesAsync(TopologyHost host, string ruleset)
    {
        var file = Path.Combine(RulesDirectory, $"{host.Name}.nft");
        await File.WriteAllTextAsync(file, ruleset);
        await InAsync(host.Namespace, $"loading {host.Name}'s firewall ({file})", "nft", "-f", file);
        // Checked, not assumed: a host without its rules would accept everything.
        await InAsync(host.Namespace, $"checking {host.Name}'s firewall is in place", "nft", "list", "table", NftablesRuleset.Family, NftablesRuleset.TableName);
    }

    /// <summary>
    /// Adds a server host to the running topology (a new instance in its app subnet): its namespace, its link and
    /// the app tier's security group, complete before anything starts in it.
    /// </summary>
    public async Task AddHostAsync(TopologyHost host)
    {
        await AddNamespaceAsync(host.Namespace);
        await ConnectAsync(host);
        await LoadRulesAsync(host, NftablesRuleset.ForTier(Layout.Plan, host.Tier!.Value));
    }

    /// <summary>Removes a host for good (an instance terminated): its namespace, with its link and rules.</summary>
    public async Task RemoveHostAsync(TopologyHost host)
    {
        if (_namespaces.Remove(host.Namespace))
        {
            await TopologyCleanup.DeleteNamespaceAsync(host.Namespace, TextWriter.Null);
        }
    }

    /// <summary>Cuts the host off the network (its link goes, both ends): what a server that vanishes looks like to the others.</summary>
    public async Task DisconnectAsync(TopologyHost host) =>
        await IpAsync(Layout.Router.Namespace, $"removing {host.Name}'s link", "link", "delete", host.RouterPort!);

    private static Task IpAsync(string namespaceName, string what, params string[] arguments) =>
        ProgramRunner.RunCheckedAsync(new CommandSpec("ip", ["-n", namespaceName, .. arguments]), $"{what} ({namespaceName})");

    private static Task InAsync(string namespaceName, string what, string program, params string[] arguments) =>
        ProgramRunner.RunCheckedAsync(new CommandSpec(program, arguments).InNamespace(namespaceName), $"{what} ({namespaceName})");

    /// <summary>Deletes every namespace (their links and nftables tables go with them), and any process left inside.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            await TopologyCleanup.DeleteNamespaceAsync(name, TextWriter.Null);
        }

        _namespaces.Clear();
    }
}
