// Carving the public subnets' /64s out of the VPC's Amazon-provided /56.
using WebStack.Core.Network;

namespace WebStack.Core.Tests.Network;

public sealed class Ipv6SubnetsTests
{
    [Theory]
    [InlineData("2600:1f18:ab:cd00::/56", 0, "2600:1f18:ab:cd00::/64")]
    [InlineData("2600:1f18:ab:cd00::/56", 1, "2600:1f18:ab:cd01::/64")]
    [InlineData("2600:1f18:ab:cd00::/56", 255, "2600:1f18:ab:cdff::/64")]
    public void Each_index_is_its_own_64_inside_the_vpcs_56(string vpc, int index, string subnet)
    {
        Assert.Equal(subnet, Ipv6Subnets.SubnetOf(vpc, index));
    }

    [Theory]
    [InlineData("10.0.0.0/16")]
    [InlineData("2600:1f18:ab:cd00::/64")]
    [InlineData("not a block")]
    public void Anything_but_an_IPv6_56_is_refused(string block)
    {
        Assert.Throws<ArgumentException>(() => Ipv6Subnets.SubnetOf(block, 0));
    }

    [Fact]
    public void An_index_past_the_56s_256_subnets_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv6Subnets.SubnetOf("2600:1f18:ab:cd00::/56", 256));
    }
}
