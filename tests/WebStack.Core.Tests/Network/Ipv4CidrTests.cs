// A user's CIDR must say exactly what they mean: lax forms that other parsers accept are refused with a reason.
using System.Net;
using WebStack.Core.Network;

namespace WebStack.Core.Tests.Network;

public class Ipv4CidrTests
{
    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("10.0.0.0/8")]
    [InlineData("203.0.113.7/32")]
    [InlineData("255.255.255.255/32")]
    [InlineData("192.168.100.0/22")]
    public void An_exact_cidr_is_read_as_written(string text)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out var network, out var problem));
        Assert.Null(problem);
        Assert.Equal(text, network.ToString());
    }

    [Theory]
    [InlineData("10.0/16", "is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. 10.0.0.0/16")]
    [InlineData("10/8", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("010.0.0.0/8", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.010/32", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("0x0a.0.0.0/8", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/08", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData(" 10.0.0.0/16", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/16 ", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/16\n", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("1\u0660.0.0.0/8", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/1\u0666", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.256/32", "is not an IPv4 CIDR: each of the four numbers must be from 0 to 255")]
    [InlineData("999.0.0.0/8", "is not an IPv4 CIDR: each of the four numbers must be from 0 to 255")]
    [InlineData("10.0.0.0/33", "is not an IPv4 CIDR: the prefix length after / must be from 0 to 32")]
    [InlineData("10.0.0.0/99", "is not an IPv4 CIDR: the prefix length after / must be from 0 to 32")]
    [InlineData("2001:db8::/32", "is an IPv6 range; this stack uses IPv4 CIDRs such as 10.0.0.0/16")]
    [InlineData("::ffff:10.0.0.0/104", "is an IPv6 range")]
    [InlineData("10.0.0.1/16", "has bits set after the /16 prefix; the network it names is 10.0.0.0/16")]
    [InlineData("203.0.113.77/24", "has bits set after the /24 prefix; the network it names is 203.0.113.0/24")]
    [InlineData("1.2.3.4/0", "has bits set after the /0 prefix; the network it names is 0.0.0.0/0")]
    public void A_cidr_that_is_not_exactly_one_ipv4_block_is_refused_saying_why(string text, string problem)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _, out var actual));
        Assert.NotNull(actual);
        Assert.StartsWith(problem, actual);

        var exception = Assert.Throws<FormatException>(() => Ipv4Cidr.Parse(text));
        Assert.StartsWith($"\"{text}\" {problem}", exception.Message);
    }

    [Theory]
    [InlineData("10.0.0.0/16", 17, 0, "10.0.0.0/17")]
    [InlineData("10.0.0.0/16", 17, 1, "10.0.128.0/17")]
    [InlineData("10.0.0.0/16", 24, 255, "10.0.255.0/24")]
    [InlineData("192.168.0.0/21", 27, 63, "192.168.7.224/27")]
    [InlineData("10.0.0.0/16", 16, 0, "10.0.0.0/16")]
    public void Subdivide_gives_the_indexed_block_of_the_asked_size(string parent, int prefix, int index, string expected)
    {
        Assert.Equal(expected, Ipv4Cidr.Subdivide(IPNetwork.Parse(parent), prefix, index).ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/16", 15, 0)]
    [InlineData("10.0.0.0/16", 33, 0)]
    [InlineData("10.0.0.0/16", 17, 2)]
    [InlineData("10.0.0.0/16", 17, -1)]
    public void Subdivide_refuses_blocks_that_dont_fit(string parent, int prefix, int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4Cidr.Subdivide(IPNetwork.Parse(parent), prefix, index));
    }

    [Fact]
    public void Address_arithmetic_agrees_with_the_dotted_form()
    {
        var network = IPNetwork.Parse("192.168.4.0/22");

        Assert.Equal(1024UL, Ipv4Cidr.Size(network));
        Assert.Equal(Ipv4Cidr.ToUInt32(IPAddress.Parse("192.168.4.0")), Ipv4Cidr.First(network));
        Assert.Equal(Ipv4Cidr.ToUInt32(IPAddress.Parse("192.168.7.255")), Ipv4Cidr.Last(network));
        Assert.Equal(IPAddress.Parse("192.168.5.10"), Ipv4Cidr.AddressAt(network, 266));
        Assert.Equal(IPAddress.Parse("255.255.255.255"), Ipv4Cidr.FromUInt32(uint.MaxValue));
        Assert.Equal(4294967296UL, Ipv4Cidr.Size(Ipv4Cidr.Anywhere));
        Assert.Equal(uint.MaxValue, Ipv4Cidr.Last(Ipv4Cidr.Anywhere));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4Cidr.AddressAt(network, 1024));
        Assert.Throws<ArgumentException>(() => Ipv4Cidr.ToUInt32(IPAddress.IPv6Loopback));
    }

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.255.0/24", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0/24", false)]
    [InlineData("10.0.0.0/24", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/25", "10.0.0.128/25", false)]
    [InlineData("0.0.0.0/0", "203.0.113.0/24", true)]
    public void Overlap_is_any_address_in_common(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, Ipv4Cidr.Overlaps(IPNetwork.Parse(a), IPNetwork.Parse(b)));
        Assert.Equal(overlap, Ipv4Cidr.Overlaps(IPNetwork.Parse(b), IPNetwork.Parse(a)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("10.200.0.0/16", true)]
    [InlineData("172.16.0.0/12", true)]
    [InlineData("172.31.255.0/24", true)]
    [InlineData("192.168.0.0/16", true)]
    [InlineData("172.0.0.0/8", false)]
    [InlineData("172.32.0.0/16", false)]
    [InlineData("192.168.0.0/15", false)]
    [InlineData("100.64.0.0/10", false)]
    [InlineData("0.0.0.0/0", false)]
    public void Private_means_inside_one_of_the_rfc1918_ranges(string cidr, bool isPrivate)
    {
        Assert.Equal(isPrivate, Ipv4Cidr.IsPrivate(IPNetwork.Parse(cidr)));
    }
}

public class AvailabilityZonesTests
{
    [Fact]
    public void The_first_zones_in_name_order_are_chosen_whatever_order_aws_lists_them_in()
    {
        string[] all = ["us-east-1c", "us-east-1a", "us-east-1f", "us-east-1b", "us-east-1a"];
        var zones = AvailabilityZones.Choose(all, all, "t3.small", 3, "us-east-1");

        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], zones);
    }

    [Fact]
    public void Zones_that_dont_offer_the_instance_type_are_passed_over()
    {
        var zones = AvailabilityZones.Choose(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"], ["us-east-1d", "us-east-1a", "us-east-1c"], "m7i.large", 3, "us-east-1");

        Assert.Equal(["us-east-1a", "us-east-1c", "us-east-1d"], zones);
    }

    [Fact]
    public void Fewer_zones_offering_the_instance_type_than_azCount_is_refused_saying_which_do_and_what_to_do()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            AvailabilityZones.Choose(["us-east-1a", "us-east-1b", "us-east-1c"], ["us-east-1a", "us-east-1c"], "t3.small", 3, "us-east-1"));

        Assert.StartsWith("azCount (3): only 2 of the 3 availability zones of us-east-1 in this account offer instanceType t3.small (us-east-1a, us-east-1c; not us-east-1b); "
            + "set azCount to 2 or less, or choose an instance type that 3 zones offer", exception.Message);
    }

    [Fact]
    public void Asking_for_more_zones_than_the_region_has_is_refused_saying_how_many_it_has()
    {
        string[] all = ["ca-west-1a", "ca-west-1b", "ca-west-1c"];
        var exception = Assert.Throws<ArgumentException>(() => AvailabilityZones.Choose(all, all, "t3.small", 4, "ca-west-1"));

        Assert.Equal("azCount (4) is more than the 3 availability zones ca-west-1 offers (ca-west-1a, ca-west-1b, ca-west-1c); set azCount to 3 or less",
            exception.Message);
    }
}
