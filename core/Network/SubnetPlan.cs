// Where every subnet goes: public (load balancer, NAT), private app and isolated data subnets per zone, inside the VPC.
//
// The VPC of prefix /p is cut into eighths. The first half holds the app tier (servers scale, so it gets the
// most room); the fifth eighth the public tier, the sixth the data tier; the last quarter is kept free for tiers
// still to come. Each tier's region has eight zone slots, of which azCount are used, so adding zones later never
// moves an existing subnet.
using System.Net;

namespace WebStack.Core.Network;

public enum SubnetTier
{
    /// <summary>Routed to the internet gateway: the load balancer and the NAT gateways.</summary>
    Public,

    /// <summary>Private: the servers; out to the internet only through NAT.</summary>
    App,

    /// <summary>Isolated: the database; no route out of the VPC at all.</summary>
    Data,
}

/// <param name="ZoneIndex">0-based index into the zones the stack uses.</param>
public sealed record PlannedSubnet(SubnetTier Tier, int ZoneIndex, IPNetwork Cidr)
{
    /// <summary>AWS keeps the first four addresses and the last one of every subnet.</summary>
    public const int AwsReservedAddresses = 5;

    public long UsableAddresses => (long)Ipv4Cidr.Size(Cidr) - AwsReservedAddresses;

    /// <summary>Short name such as "app-a" for zone 0: used in resource names.</summary>
    public string Name => $"{Tier.ToString().ToLowerInvariant()}-{(char)('a' + ZoneIndex)}";
}

public sealed record SubnetPlan(IPNetwork Vpc, int AzCount, IReadOnlyList<PlannedSubnet> Subnets, IReadOnlyList<IPNetwork> Spare)
{
    public const int ZoneSlots = 8;
    public const int MaxAzCount = 6;
    public const int WidestVpcPrefix = 16;   // AWS's largest VPC
    public const int NarrowestVpcPrefix = 21; // public subnets must stay /27 or larger for the load balancer

    private const int AppSlotBits = 4;    // half the VPC, in 8 slots
    private const int TierSlotBits = 6;   // an eighth of the VPC, in 8 slots

    public IEnumerable<PlannedSubnet> InTier(SubnetTier tier) => Subnets.Where(subnet => subnet.Tier == tier);

    public IPNetwork RegionOf(SubnetTier tier) => tier switch
    {
        SubnetTier.App => Ipv4Cidr.Subdivide(Vpc, Vpc.PrefixLength + 1, 0),
        SubnetTier.Public => Ipv4Cidr.Subdivide(Vpc, Vpc.PrefixLength + 3, 4),
        _ => Ipv4Cidr.Subdivide(Vpc, Vpc.PrefixLength + 3, 5),
    };

    /// <summary>Null when <paramref name="vpc"/> can hold the plan; otherwise what is wrong and what to use.</summary>
    public static string? CheckVpcCidr(IPNetwork vpc)
    {
        if (vpc.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return "is not an IPv4 range; use a private IPv4 CIDR such as 10.0.0.0/16";
        }

        if (vpc.PrefixLength < WidestVpcPrefix)
        {
            return $"is larger than AWS allows for a VPC; use a prefix from /{WidestVpcPrefix} to /{NarrowestVpcPrefix}";
        }

        if (vpc.PrefixLength > NarrowestVpcPrefix)
        {
            return $"is too small: public subnets must be /27 or larger for the load balancer, which needs at least a /{NarrowestVpcPrefix}; "
                + $"use a prefix from /{WidestVpcPrefix} to /{NarrowestVpcPrefix}";
        }

        if (!Ipv4Cidr.IsPrivate(vpc))
        {
            return "is not a private range; use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, so VPC addresses never shadow internet ones";
        }

        return null;
    }

    public static SubnetPlan Create(IPNetwork vpc, int azCount)
    {
        if (CheckVpcCidr(vpc) is { } problem)
        {
            throw new ArgumentException($"vpcCidr {vpc} {problem}", nameof(vpc));
        }

        if (azCount < 1 || azCount > MaxAzCount)
        {
            throw new ArgumentOutOfRangeException(nameof(azCount), $"the plan spans 1 to {MaxAzCount} zones, not {azCount}");
        }

        var plan = new SubnetPlan(vpc, azCount, [], []);
        var subnets = new List<PlannedSubnet>();
        foreach (var tier in new[] { SubnetTier.Public, SubnetTier.App, SubnetTier.Data })
        {
            var region = plan.RegionOf(tier);
            var slotPrefix = vpc.PrefixLength + (tier == SubnetTier.App ? AppSlotBits : TierSlotBits);
            for (var zone = 0; zone < azCount; zone++)
            {
                subnets.Add(new PlannedSubnet(tier, zone, Ipv4Cidr.Subdivide(region, slotPrefix, zone)));
            }
        }

        IPNetwork[] spare = [Ipv4Cidr.Subdivide(vpc, vpc.PrefixLength + 2, 3)];
        return plan with { Subnets = subnets, Spare = spare };
    }
}
