// Where every host of the rehearsed topology sits, decided from the stack's plan alone: the namespaces, the links
// to the router and the addresses and routes, taken from the same subnet plan the VPC is built from.
//
//   client (198.51.100.10, "the internet") --- router --- public-a: load balancer (.10)
//                                                    +--- app-a, app-b, ...: servers s1, s2, ... (.10, .11, ...)
//                                                    +--- data-a: database (.10)
//
// The router holds each used subnet's first usable address (.1), as the VPC router does, on a bridge that is the
// subnet's segment; every host has one veth into its subnet's bridge. Nothing here is in the machine's own network.
using System.Globalization;
using System.Net;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Core.Settings;

namespace WebStack.Local.Topology;

public enum TopologyRole
{
    /// <summary>Stands for the internet: clients and load generators run here.</summary>
    Client,

    /// <summary>Stands for the VPC router (and the internet gateway): forwards between the subnets and the client.</summary>
    Router,

    /// <summary>HAProxy in a public subnet, standing in for the Application Load Balancer.</summary>
    LoadBalancer,

    /// <summary>One EC2 server: nginx in front of the app processes, in an app subnet.</summary>
    Server,

    /// <summary>PostgreSQL standing in for RDS, in a data subnet.</summary>
    Database,
}

/// <param name="Name">Short name: "client", "router", "lb", "s1", "s2", ..., "db". The app reports it as its server.</param>
/// <param name="Namespace">The network namespace, "ws&lt;run id&gt;-&lt;name&gt;".</param>
/// <param name="Address">The host's address on its link; null for the router, which has one per subnet.</param>
/// <param name="Network">The link's network (the subnet, or the client's network).</param>
/// <param name="Subnet">The subnet of the plan the host is in; null for the client and the router.</param>
/// <param name="Gateway">The router's address on the host's link.</param>
/// <param name="Routes">Where the host can go through the gateway (0.0.0.0/0 is the default route).</param>
/// <param name="RouterPort">The veth's end in the router's namespace; the host's own end is eth0.</param>
public sealed record TopologyHost(
    string Name,
    TopologyRole Role,
    string Namespace,
    IPAddress? Address,
    IPNetwork? Network,
    PlannedSubnet? Subnet,
    IPAddress? Gateway,
    IReadOnlyList<IPNetwork> Routes,
    string? RouterPort)
{
    /// <summary>The name of the host's end of its link, inside its own namespace.</summary>
    public const string LinkName = "eth0";

    /// <summary>The security group the host belongs to; null for the client (no firewall) and the router (a router).</summary>
    public Tier? Tier => Role switch
    {
        TopologyRole.LoadBalancer => WebStack.Core.Firewall.Tier.LoadBalancer,
        TopologyRole.Server => WebStack.Core.Firewall.Tier.App,
        TopologyRole.Database => WebStack.Core.Firewall.Tier.Database,
        _ => null,
    };

    public override string ToString() => Address is null ? $"{Name} ({Namespace})" : $"{Name} {Address} ({Namespace})";
}

public sealed record TopologyLayout(
    string RunId,
    StackPlan Plan,
    TopologyHost Client,
    TopologyHost Router,
    TopologyHost LoadBalancer,
    IReadOnlyList<TopologyHost> Servers,
    TopologyHost Database)
{
    /// <summary>The client's network: TEST-NET-2 (RFC 5737), a documentation range that is never routed on the internet.</summary>
    public static readonly IPNetwork ClientNetwork = IPNetwork.Parse("198.51.100.0/24");

    public static readonly IPAddress ClientAddress = IPAddress.Parse("198.51.100.10");

    public static readonly IPAddress RouterClientAddress = IPAddress.Parse("198.51.100.1");

    /// <summary>Offset of the first host in its subnet: .10, well clear of the addresses AWS keeps (.0-.3).</summary>
    public const uint FirstHostOffset = 10;

    /// <summary>More servers than this on one machine would only measure the machine.</summary>
    public const int MaxServers = 10;

    /// <summary>Longest network interface name Linux accepts (IFNAMSIZ - 1).</summary>
    public const int MaxLinkNameLength = 15;

    /// <param name="serverCount">How many servers to start with; by default <see cref="ServerCount"/>.</param>
    public static TopologyLayout For(StackPlan plan, string runId, int? serverCount = null)
    {
        if (!TopologyCleanup.RunIdPattern().IsMatch(runId))
        {
            throw new ArgumentException($"\"{runId}\" is not a run id (4 lower-case hex digits)", nameof(runId));
        }

        var subnets = plan.Subnets;
        var vpc = subnets.Vpc;
        string Namespace(string name) => $"ws{runId}-{name}";
        string Port(string name) => $"ws{runId}-{name}";
        IReadOnlyList<IPNetwork> Default() => [Ipv4Cidr.Anywhere];

        var client = new TopologyHost("client", TopologyRole.Client, Namespace("client"), ClientAddress, ClientNetwork, null,
            RouterClientAddress, [vpc], Port("client"));
        var router = new TopologyHost("router", TopologyRole.Router, Namespace("router"), null, null, null, null, [], null);

        var publicA = subnets.InTier(SubnetTier.Public).First(subnet => subnet.ZoneIndex == 0);
        // A public subnet's route table sends everything else to the internet gateway.
        var loadBalancer = InSubnet("lb", TopologyRole.LoadBalancer, publicA, 0, Default());

        var count = serverCount ?? ServerCount(plan.Settings);
        if (count is < 1 or > MaxServers)
        {
            throw new UserFacingException($"the topology runs 1 to {MaxServers} servers, not {count}");
        }

        var servers = Enumerable.Range(1, count).Select(number => ServerHostOf(plan, runId, number)).ToList();

        var dataA = subnets.InTier(SubnetTier.Data).First(subnet => subnet.ZoneIndex == 0);
        // A data subnet's route table has the VPC's local route and nothing else.
        var database = InSubnet("db", TopologyRole.Database, dataA, 0, [vpc]);

        return new TopologyLayout(runId, plan, client, router, loadBalancer, servers, database);

        TopologyHost InSubnet(string name, TopologyRole role, PlannedSubnet subnet, uint index, IReadOnlyList<IPNetwork> routes) =>
            new(name, role, Namespace(name), Ipv4Cidr.AddressAt(subnet.Cidr, FirstHostOffset + index), subnet.Cidr, subnet,
                RouterAddress(subnet), routes, Port(name));
    }

    /// <summary>
    /// Server number <paramref name="number"/> (s1, s2, ...), in the app subnets in turn, as the auto-scaling group
    /// balances its servers over the zones: s1 in zone a at .10, s2 in zone b at .10, ..., then .11 and so on. A
    /// replacement gets the next number, so it lands in the zone of the server it replaces when a batch is the group.
    /// </summary>
    public TopologyHost ServerHost(int number) => ServerHostOf(Plan, RunId, number);

    private static TopologyHost ServerHostOf(StackPlan plan, string runId, int number)
    {
        var appSubnets = plan.Subnets.InTier(SubnetTier.App).OrderBy(subnet => subnet.ZoneIndex).ToList();
        var subnet = appSubnets[(number - 1) % appSubnets.Count];
        var index = (uint)((number - 1) / appSubnets.Count);
        var name = $"s{number.ToString(CultureInfo.InvariantCulture)}";
        // An app subnet's default route goes to a NAT gateway; without one, only the VPC itself is reachable.
        IReadOnlyList<IPNetwork> routes = plan.Settings.Network.NatStrategy == NatStrategy.None ? [plan.Subnets.Vpc] : [Ipv4Cidr.Anywhere];
        return new TopologyHost(name, TopologyRole.Server, $"ws{runId}-{name}", Ipv4Cidr.AddressAt(subnet.Cidr, FirstHostOffset + index), subnet.Cidr, subnet,
            RouterAddress(subnet), routes, $"ws{runId}-{name}");
    }

    /// <summary>max(2, minSize): the fleet's floor, and never fewer than two, so losing one can be rehearsed.</summary>
    public static int ServerCount(StackSettings settings)
    {
        var count = Math.Max(2, settings.Fleet.MinSize);
        return count <= MaxServers
            ? count
            : throw new UserFacingException($"minSize {settings.Fleet.MinSize} asks for {count} servers; the topology rehearsal runs at most {MaxServers} on one machine");
    }

    /// <summary>The subnet's first usable address (base + 1): where AWS puts the VPC router.</summary>
    public static IPAddress RouterAddress(PlannedSubnet subnet) => Ipv4Cidr.AddressAt(subnet.Cidr, 1);

    /// <summary>Every host with a namespace of its own, the router first.</summary>
    public IReadOnlyList<TopologyHost> Hosts => [Router, Client, LoadBalancer, .. Servers, Database];

    /// <summary>The hosts on a subnet of the VPC (everything but the client and the router).</summary>
    public IReadOnlyList<TopologyHost> VpcHosts => [LoadBalancer, .. Servers, Database];

    /// <summary>
    /// The subnets that have a host, each a bridge on the router, and every app subnet: a server started later (a
    /// deploy's replacement) may land in any zone.
    /// </summary>
    public IReadOnlyList<PlannedSubnet> UsedSubnets =>
        VpcHosts.Select(host => host.Subnet!).Concat(Plan.Subnets.InTier(SubnetTier.App)).Distinct()
            .OrderBy(subnet => subnet.Tier).ThenBy(subnet => subnet.ZoneIndex).ToList();

    /// <summary>The router's bridge for a subnet, e.g. ws1a2b-app-a.</summary>
    public string BridgeName(PlannedSubnet subnet) => $"ws{RunId}-{subnet.Name}";

    public IReadOnlyList<string> Namespaces => Hosts.Select(host => host.Namespace).ToList();

    /// <summary>Every interface name the topology creates in the router, for the length check.</summary>
    public IReadOnlyList<string> RouterLinkNames =>
        [.. UsedSubnets.Select(BridgeName), .. Hosts.Where(host => host.RouterPort is not null).Select(host => host.RouterPort!)];

    /// <summary>
    /// The name the load balancer serves HTTPS on, as the stack's ALB does: its domainName, or, for a stack whose
    /// certificate was made elsewhere (certificateArn alone, names unknown offline), &lt;stack&gt;.webstack.test (a
    /// reserved name that never resolves outside). Null for a stack that serves plain HTTP, as its ALB does.
    /// </summary>
    public string? HttpsName => Plan.Settings.HttpsEnabled ? Plan.Settings.Tls.Domain?.Name ?? $"{StandInLabel(Plan.Names.Base)}.webstack.test" : null;

    /// <summary>Where the client reaches the stack: https://&lt;name&gt;/ (resolved in the client's namespace only), or http://&lt;load balancer&gt;/.</summary>
    public string Url => HttpsName is { } name ? $"https://{name}/" : $"http://{LoadBalancer.Address}/";

    /// <summary>The plain-HTTP address of the same: what the load balancer redirects to <see cref="Url"/> on an HTTPS stack.</summary>
    public string HttpUrl => HttpsName is { } name ? $"http://{name}/" : Url;

    // A DNS label: at most 63 characters, no hyphen at either end.
    private static string StandInLabel(string nameBase) => (nameBase.Length <= 63 ? nameBase : nameBase[..63]).Trim('-');
}
