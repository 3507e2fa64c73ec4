// The public subnets' IPv6 ranges on a dualstack stack: AWS gives the VPC a /56 of its own choosing, known only once
// the VPC exists, and each public subnet takes the /64 numbered by its zone (zone a the first, b the second, ...), so a
// subnet keeps its range however many zones are added.
using System.Net;
using System.Net.Sockets;

namespace WebStack.Core.Network;

public static class Ipv6Subnets
{
    /// <summary>The prefix of the Amazon-provided IPv6 block of a VPC.</summary>
    public const int VpcPrefixLength = 56;

    /// <summary>The only size AWS allows for a subnet's IPv6 block.</summary>
    public const int SubnetPrefixLength = 64;

    /// <summary>The /64 number <paramref name="index"/> (0-255) of the VPC's /56, e.g. 2600:1f18:ab:cd00::/56 and 1 give 2600:1f18:ab:cd01::/64.</summary>
    public static string SubnetOf(string vpcBlock, int index)
    {
        if (!IPNetwork.TryParse(vpcBlock, out var vpc) || vpc.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6 || vpc.PrefixLength != VpcPrefixLength)
        {
            throw new ArgumentException($"\"{vpcBlock}\" is not an IPv6 /{VpcPrefixLength}, the block AWS gives a VPC", nameof(vpcBlock));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, (1 << (SubnetPrefixLength - VpcPrefixLength)) - 1);
        var bytes = vpc.BaseAddress.GetAddressBytes();
        // Bits 56-63 (the eighth byte) number the /64s of a /56.
        bytes[7] = (byte)index;
        return new IPNetwork(new IPAddress(bytes), SubnetPrefixLength).ToString();
    }
}
