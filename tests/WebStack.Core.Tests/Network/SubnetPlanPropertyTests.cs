// The subnet plan over many VPCs: every private range, every allowed prefix, every zone count. Each failure names
// the seed, the VPC and the zone count, so `new Random(seed)` reproduces it.
using System.Net;
using WebStack.Core.Network;

namespace WebStack.Core.Tests.Network;

public class SubnetPlanPropertyTests
{
    private static readonly (uint Base, int Prefix)[] PrivateRanges =
    [
        (0x0A000000, 8),   // 10.0.0.0/8
        (0xAC100000, 12),  // 172.16.0.0/12
        (0xC0A80000, 16),  // 192.168.0.0/16
    ];

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 12).Select(i => i * 7919));

    /// <summary>One random aligned VPC of every allowed prefix in every private range, written as a user would.</summary>
    private static IEnumerable<string> RandomVpcs(int seed)
    {
        var random = new Random(seed);
        foreach (var (rangeBase, rangePrefix) in PrivateRanges)
        {
            for (var prefix = SubnetPlan.WidestVpcPrefix; prefix <= SubnetPlan.NarrowestVpcPrefix; prefix++)
            {
                var blocks = 1 << (prefix - rangePrefix);
                var block = (uint)random.Next(blocks);
                yield return $"{ToAddress(rangeBase + (block << (32 - prefix)))}/{prefix}";
            }
        }
    }

    private static string ToAddress(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";

    // The test's own address arithmetic, independent of Ipv4Cidr's.
    private static (ulong First, ulong Last) Span(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        ulong first = ((ulong)bytes[0] << 24) | ((ulong)bytes[1] << 16) | ((ulong)bytes[2] << 8) | bytes[3];
        return (first, first + (1UL << (32 - network.PrefixLength)) - 1);
    }

    private static bool Inside(IPNetwork inner, IPNetwork outer)
    {
        var (innerFirst, innerLast) = Span(inner);
        var (outerFirst, outerLast) = Span(outer);
        return outerFirst <= innerFirst && innerLast <= outerLast;
    }

    private static bool Overlap(IPNetwork a, IPNetwork b)
    {
        var (aFirst, aLast) = Span(a);
        var (bFirst, bLast) = Span(b);
        return aFirst <= bLast && bFirst <= aLast;
    }

    private static IEnumerable<(string Case, IPNetwork Vpc, int AzCount, SubnetPlan Plan)> Plans(int seed)
    {
        foreach (var text in RandomVpcs(seed))
        {
            var vpc = Ipv4Cidr.Parse(text);
            for (var azCount = 1; azCount <= SubnetPlan.MaxAzCount; azCount++)
            {
                yield return ($"seed {seed}, vpc {text}, azCount {azCount}", vpc, azCount, SubnetPlan.Create(vpc, azCount));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_generator_covers_every_private_range_and_prefix(int seed)
    {
        var vpcs = RandomVpcs(seed).Select(IPNetwork.Parse).ToList();

        Assert.Equal(18, vpcs.Count);
        foreach (var vpc in vpcs)
        {
            Assert.True(vpc.ToString() == vpc.BaseAddress + "/" + vpc.PrefixLength, $"seed {seed}: generated {vpc} has host bits");
            Assert.True(PrivateRanges.Any(range => Inside(vpc, new IPNetwork(IPAddress.Parse(ToAddress(range.Base)), range.Prefix))),
                $"seed {seed}: generated {vpc} is not private");
        }

        Assert.Equal(Enumerable.Range(16, 6).SelectMany(prefix => Enumerable.Repeat(prefix, 3)).Order(), vpcs.Select(vpc => vpc.PrefixLength).Order());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_subnet_lies_inside_the_vpc(int seed)
    {
        foreach (var (name, vpc, _, plan) in Plans(seed))
        {
            foreach (var subnet in plan.Subnets)
            {
                Assert.True(Inside(subnet.Cidr, vpc), $"{name}: {subnet.Name} {subnet.Cidr} is outside the VPC");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_two_subnets_overlap(int seed)
    {
        foreach (var (name, _, _, plan) in Plans(seed))
        {
            var subnets = plan.Subnets;
            for (var i = 0; i < subnets.Count; i++)
            {
                for (var j = i + 1; j < subnets.Count; j++)
                {
                    Assert.False(Overlap(subnets[i].Cidr, subnets[j].Cidr),
                        $"{name}: {subnets[i].Name} {subnets[i].Cidr} overlaps {subnets[j].Name} {subnets[j].Cidr}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Each_tier_keeps_to_its_own_region_of_the_vpc(int seed)
    {
        var tiers = Enum.GetValues<SubnetTier>();
        foreach (var (name, vpc, _, plan) in Plans(seed))
        {
            foreach (var tier in tiers)
            {
                var region = plan.RegionOf(tier);
                Assert.True(Inside(region, vpc), $"{name}: the {tier} region {region} is outside the VPC");
                foreach (var subnet in plan.InTier(tier))
                {
                    Assert.True(Inside(subnet.Cidr, region), $"{name}: {subnet.Name} {subnet.Cidr} is outside its tier's region {region}");
                }

                foreach (var other in tiers.Where(other => other != tier))
                {
                    Assert.False(Overlap(region, plan.RegionOf(other)), $"{name}: the {tier} region {region} overlaps the {other} region");
                }
            }

            // The app tier, where servers scale, gets half the VPC; the others an eighth each.
            Assert.Equal(vpc.PrefixLength + 1, plan.RegionOf(SubnetTier.App).PrefixLength);
            Assert.Equal(vpc.PrefixLength + 3, plan.RegionOf(SubnetTier.Public).PrefixLength);
            Assert.Equal(vpc.PrefixLength + 3, plan.RegionOf(SubnetTier.Data).PrefixLength);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void There_is_one_subnet_per_tier_per_zone(int seed)
    {
        foreach (var (name, _, azCount, plan) in Plans(seed))
        {
            Assert.True(plan.Subnets.Count == 3 * azCount, $"{name}: {plan.Subnets.Count} subnets");
            foreach (var tier in Enum.GetValues<SubnetTier>())
            {
                var zones = plan.InTier(tier).Select(subnet => subnet.ZoneIndex).Order().ToList();
                Assert.True(zones.SequenceEqual(Enumerable.Range(0, azCount)), $"{name}: {tier} subnets are in zones {string.Join(",", zones)}");
            }

            Assert.True(plan.Subnets.Select(subnet => subnet.Name).Distinct().Count() == plan.Subnets.Count, $"{name}: subnet names repeat");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_same_vpc_and_zone_count_always_give_the_same_plan(int seed)
    {
        foreach (var (name, vpc, azCount, plan) in Plans(seed))
        {
            var again = SubnetPlan.Create(Ipv4Cidr.Parse(vpc.ToString()), azCount);
            Assert.True(plan.Subnets.SequenceEqual(again.Subnets), $"{name}: two plans differ");
            Assert.True(plan.Spare.SequenceEqual(again.Spare), $"{name}: two plans' spare space differs");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Adding_a_zone_never_moves_an_existing_subnet(int seed)
    {
        foreach (var (name, vpc, azCount, plan) in Plans(seed).Where(plan => plan.AzCount < SubnetPlan.MaxAzCount))
        {
            var wider = SubnetPlan.Create(vpc, azCount + 1);
            foreach (var subnet in plan.Subnets)
            {
                Assert.True(wider.Subnets.Contains(subnet), $"{name}: {subnet.Name} {subnet.Cidr} moves when a zone is added");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Public_subnets_are_big_enough_for_the_load_balancer(int seed)
    {
        foreach (var (name, _, _, plan) in Plans(seed))
        {
            foreach (var subnet in plan.InTier(SubnetTier.Public))
            {
                Assert.True(subnet.Cidr.PrefixLength <= 27, $"{name}: {subnet.Name} is {subnet.Cidr}, smaller than a /27");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void App_subnets_are_the_largest_so_the_fleet_can_grow(int seed)
    {
        foreach (var (name, _, _, plan) in Plans(seed))
        {
            var app = plan.InTier(SubnetTier.App).Max(subnet => subnet.UsableAddresses);
            var others = plan.Subnets.Where(subnet => subnet.Tier != SubnetTier.App).Max(subnet => subnet.UsableAddresses);
            Assert.True(app > others, $"{name}: app subnets hold {app} addresses, others {others}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Room_is_left_free_for_later_tiers(int seed)
    {
        foreach (var (name, vpc, _, plan) in Plans(seed))
        {
            Assert.True(plan.Spare.Count > 0, $"{name}: no spare space");
            foreach (var spare in plan.Spare)
            {
                Assert.True(Inside(spare, vpc), $"{name}: spare {spare} is outside the VPC");
                foreach (var subnet in plan.Subnets)
                {
                    Assert.False(Overlap(spare, subnet.Cidr), $"{name}: spare {spare} overlaps {subnet.Name} {subnet.Cidr}");
                }

                foreach (var tier in Enum.GetValues<SubnetTier>())
                {
                    Assert.False(Overlap(spare, plan.RegionOf(tier)), $"{name}: spare {spare} overlaps the {tier} region");
                }
            }

            // A quarter of the VPC.
            var spareAddresses = plan.Spare.Sum(spare => (long)(Span(spare).Last - Span(spare).First + 1));
            var vpcAddresses = (long)(Span(vpc).Last - Span(vpc).First + 1);
            Assert.True(spareAddresses * 4 == vpcAddresses, $"{name}: {spareAddresses} spare addresses of {vpcAddresses}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Usable_addresses_are_the_subnet_size_less_the_five_aws_keeps(int seed)
    {
        foreach (var (name, _, _, plan) in Plans(seed))
        {
            foreach (var subnet in plan.Subnets)
            {
                var size = (long)(Span(subnet.Cidr).Last - Span(subnet.Cidr).First + 1);
                Assert.True(subnet.UsableAddresses == size - 5, $"{name}: {subnet.Name} {subnet.Cidr} has {subnet.UsableAddresses} usable addresses");
            }
        }
    }
}

public class SubnetPlanTests
{
    [Fact]
    public void The_default_vpc_is_laid_out_as_documented()
    {
        var plan = SubnetPlan.Create(IPNetwork.Parse("10.0.0.0/16"), 3);

        Assert.Equal(
            [
                "public-a 10.0.128.0/22", "public-b 10.0.132.0/22", "public-c 10.0.136.0/22",
                "app-a 10.0.0.0/20", "app-b 10.0.16.0/20", "app-c 10.0.32.0/20",
                "data-a 10.0.160.0/22", "data-b 10.0.164.0/22", "data-c 10.0.168.0/22",
            ],
            plan.Subnets.Select(subnet => $"{subnet.Name} {subnet.Cidr}"));
        Assert.Equal(["10.0.192.0/18"], plan.Spare.Select(spare => spare.ToString()));
        Assert.Equal(4091, plan.InTier(SubnetTier.App).First().UsableAddresses);
        Assert.Equal(1019, plan.InTier(SubnetTier.Public).First().UsableAddresses);
    }

    [Fact]
    public void The_smallest_vpc_still_gives_the_load_balancer_27s()
    {
        var plan = SubnetPlan.Create(IPNetwork.Parse("192.168.248.0/21"), 6);

        Assert.All(plan.InTier(SubnetTier.Public), subnet => Assert.Equal(27, subnet.Cidr.PrefixLength));
        Assert.Equal(27, plan.InTier(SubnetTier.Public).First().UsableAddresses);
        Assert.Equal("192.168.252.160/27", plan.InTier(SubnetTier.Public).Last().Cidr.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-1)]
    public void A_zone_count_the_plan_cant_hold_is_refused(int azCount)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SubnetPlan.Create(IPNetwork.Parse("10.0.0.0/16"), azCount));

        Assert.Contains($"the plan spans 1 to 6 zones, not {azCount}", exception.Message);
    }

    [Theory]
    [InlineData("10.0.0.0/15", "is larger than AWS allows for a VPC; use a prefix from /16 to /21")]
    [InlineData("10.0.0.0/22", "is too small")]
    [InlineData("10.0.0.0/28", "is too small")]
    [InlineData("11.0.0.0/16", "is not a private range")]
    [InlineData("172.15.0.0/16", "is not a private range")]
    [InlineData("192.169.0.0/16", "is not a private range")]
    public void A_vpc_that_cant_hold_the_plan_is_refused_naming_it(string vpc, string why)
    {
        var exception = Assert.Throws<ArgumentException>(() => SubnetPlan.Create(IPNetwork.Parse(vpc), 2));

        Assert.Contains($"vpcCidr {vpc} {why}", exception.Message);
    }

    [Fact]
    public void An_ipv6_vpc_is_refused()
    {
        Assert.Equal("is not an IPv4 range; use a private IPv4 CIDR such as 10.0.0.0/16", SubnetPlan.CheckVpcCidr(IPNetwork.Parse("fd00::/56")));
    }

    [Theory]
    [InlineData("10.255.248.0/21")]
    [InlineData("172.31.0.0/16")]
    [InlineData("192.168.0.0/16")]
    public void The_edges_of_the_private_ranges_are_accepted(string vpc)
    {
        Assert.Null(SubnetPlan.CheckVpcCidr(IPNetwork.Parse(vpc)));
    }

    [Theory]
    [InlineData(SubnetTier.Public, 0, "public-a")]
    [InlineData(SubnetTier.App, 1, "app-b")]
    [InlineData(SubnetTier.Data, 5, "data-f")]
    public void A_subnet_is_named_after_its_tier_and_zone_letter(SubnetTier tier, int zone, string name)
    {
        Assert.Equal(name, new PlannedSubnet(tier, zone, IPNetwork.Parse("10.0.0.0/24")).Name);
    }
}
