// Where the hosts of the topology sit: addresses from the stack's subnet plan, the router at each subnet's .1, the
// servers spread over the zones, routes as the VPC's route tables have them, names that fit Linux.
using System.Net;
using WebStack.Core.Network;
using WebStack.Local;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed class TopologyLayoutTests
{
    private static readonly IPNetwork Default = IPNetwork.Parse("0.0.0.0/0");

    [Fact]
    public void HostsTakeTheirAddressesFromTheSubnetPlan()
    {
        var layout = TopologyLayout.For(Plans.With(("minSize", "2")), "1a2b");

        Assert.Equal(("public-a", "10.0.128.10", "10.0.128.1"), Where(layout.LoadBalancer));
        Assert.Equal([("app-a", "10.0.0.10", "10.0.0.1"), ("app-b", "10.0.16.10", "10.0.16.1")], layout.Servers.Select(Where));
        Assert.Equal(("data-a", "10.0.160.10", "10.0.160.1"), Where(layout.Database));
        Assert.Equal(["public-a", "app-a", "app-b", "data-a"], layout.UsedSubnets.Select(subnet => subnet.Name));
        Assert.Equal("http://10.0.128.10/", layout.Url);

        static (string, string, string) Where(TopologyHost host) => (host.Subnet!.Name, host.Address!.ToString(), host.Gateway!.ToString());
    }

    [Fact]
    public void ThereAreAlwaysAtLeastTwoServers()
    {
        Assert.Equal(2, TopologyLayout.For(Plans.With(("minSize", "1")), "1a2b").Servers.Count);
        Assert.Equal(3, TopologyLayout.For(Plans.With(("minSize", "3"), ("maxSize", "3")), "1a2b").Servers.Count);
    }

    [Fact]
    public void ServersAreSpreadOverTheZones()
    {
        var threeZones = TopologyLayout.For(Plans.With(("azCount", "3"), ("minSize", "3"), ("maxSize", "3")), "1a2b");
        Assert.Equal(["app-a", "app-b", "app-c"], threeZones.Servers.Select(host => host.Subnet!.Name));

        var twoZones = TopologyLayout.For(Plans.With(("minSize", "3"), ("maxSize", "3")), "1a2b");
        Assert.Equal(["10.0.0.10", "10.0.16.10", "10.0.0.11"], twoZones.Servers.Select(host => host.Address!.ToString()));
    }

    [Fact]
    public void RoutesAreThoseOfTheVpcsRouteTables()
    {
        var vpc = IPNetwork.Parse("10.0.0.0/16");
        var layout = TopologyLayout.For(Plans.With(), "1a2b");

        Assert.Equal([vpc], layout.Client.Routes);
        Assert.Equal([Default], layout.LoadBalancer.Routes);
        Assert.All(layout.Servers, server => Assert.Equal([Default], server.Routes));
        // The data subnets' route table has the VPC and nothing else: no way to the client's network.
        Assert.Equal([vpc], layout.Database.Routes);

        var noNat = TopologyLayout.For(Plans.With(("natStrategy", "none")), "1a2b");
        Assert.All(noNat.Servers, server => Assert.Equal([vpc], server.Routes));
    }

    [Fact]
    public void TheClientIsOutsideTheVpcInADocumentationRange()
    {
        var layout = TopologyLayout.For(Plans.With(), "1a2b");

        Assert.Equal(IPNetwork.Parse("198.51.100.0/24"), layout.Client.Network);
        Assert.Equal(IPAddress.Parse("198.51.100.10"), layout.Client.Address);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), layout.Client.Gateway);
        Assert.False(Ipv4Cidr.Overlaps(layout.Plan.Subnets.Vpc, TopologyLayout.ClientNetwork));
    }

    [Fact]
    public void NamesCarryTheRunsPrefixAndFitLinux()
    {
        var layout = TopologyLayout.For(Plans.With(("azCount", "6"), ("minSize", "10"), ("maxSize", "10")), "0fe9");

        Assert.Equal(["ws0fe9-router", "ws0fe9-client", "ws0fe9-lb", .. Enumerable.Range(1, 10).Select(i => $"ws0fe9-s{i}"), "ws0fe9-db"], layout.Namespaces);
        Assert.All(layout.Namespaces, name => Assert.Matches(TopologyCleanup.NamespacePattern(), name));
        Assert.All(layout.RouterLinkNames, name => Assert.True(name.StartsWith("ws0fe9-", StringComparison.Ordinal) && name.Length <= 15, name));
        Assert.Equal(layout.RouterLinkNames.Count, layout.RouterLinkNames.Distinct().Count());
    }

    [Fact]
    public void TooManyServersForOneMachineAreRefused()
    {
        var exception = Assert.Throws<UserFacingException>(() => TopologyLayout.For(Plans.With(("minSize", "11"), ("maxSize", "20")), "1a2b"));

        Assert.Contains("at most 10", exception.Message, StringComparison.Ordinal);
    }
}
