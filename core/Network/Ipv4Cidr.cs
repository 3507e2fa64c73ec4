// Strict IPv4 CIDR parsing and the bit of address arithmetic the subnet plan needs, on top of System.Net.IPNetwork.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace WebStack.Core.Network;

public static partial class Ipv4Cidr
{
    public static readonly IPNetwork Anywhere = new(IPAddress.Any, 0);

    // IPNetwork.TryParse accepts "10.0/16", octal-looking "010.0.0.0/8" and silently drops host bits;
    // a user's CIDR must say exactly what they mean, so the text is checked first.
    // [0-9], not \d (which takes any script's digits, which int.Parse then throws on); \z, not $ (which allows a final newline).
    [GeneratedRegex(@"^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})/(0|[1-9][0-9]?)\z")]
    private static partial Regex DottedQuadWithPrefix();

    /// <summary>Parses "a.b.c.d/n"; on failure, <paramref name="problem"/> says what is wrong in words a user can act on.</summary>
    public static bool TryParse(string text, out IPNetwork network, out string? problem)
    {
        network = default;
        var match = DottedQuadWithPrefix().Match(text);
        if (!match.Success)
        {
            problem = text.Contains(':')
                ? "is an IPv6 range; this stack uses IPv4 CIDRs such as 10.0.0.0/16"
                : "is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. 10.0.0.0/16";
            return false;
        }

        for (var octet = 1; octet <= 4; octet++)
        {
            if (int.Parse(match.Groups[octet].Value) > 255)
            {
                problem = "is not an IPv4 CIDR: each of the four numbers must be from 0 to 255";
                return false;
            }
        }

        if (int.Parse(match.Groups[5].Value) > 32)
        {
            problem = "is not an IPv4 CIDR: the prefix length after / must be from 0 to 32";
            return false;
        }

        network = IPNetwork.Parse(text);
        if (network.ToString() != text)
        {
            problem = $"has bits set after the /{network.PrefixLength} prefix; the network it names is {network}";
            return false;
        }

        problem = null;
        return true;
    }

    public static IPNetwork Parse(string text) =>
        TryParse(text, out var network, out var problem) ? network : throw new FormatException($"\"{text}\" {problem}");

    public static uint ToUInt32(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>Number of addresses in the block (2^(32-prefix)).</summary>
    public static ulong Size(IPNetwork network) => 1UL << (32 - network.PrefixLength);

    public static uint First(IPNetwork network) => ToUInt32(network.BaseAddress);

    public static uint Last(IPNetwork network) => (uint)(First(network) + Size(network) - 1);

    /// <summary>The <paramref name="index"/>-th block of prefix length <paramref name="prefixLength"/> inside <paramref name="parent"/>.</summary>
    public static IPNetwork Subdivide(IPNetwork parent, int prefixLength, int index)
    {
        if (prefixLength < parent.PrefixLength || prefixLength > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), $"/{prefixLength} does not fit inside {parent}");
        }

        var count = 1UL << (prefixLength - parent.PrefixLength);
        if (index < 0 || (ulong)index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{parent} holds {count} blocks of /{prefixLength}, not {index + 1}");
        }

        var start = First(parent) + ((ulong)index << (32 - prefixLength));
        return new IPNetwork(FromUInt32((uint)start), prefixLength);
    }

    /// <summary>The address <paramref name="offset"/> places after the block's base address.</summary>
    public static IPAddress AddressAt(IPNetwork network, uint offset)
    {
        if (offset >= Size(network))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{network} has no address at offset {offset}");
        }

        return FromUInt32(First(network) + offset);
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) => First(a) <= Last(b) && First(b) <= Last(a);

    public static bool Covers(IPNetwork outer, IPNetwork inner) => outer.PrefixLength <= inner.PrefixLength && outer.Contains(inner.BaseAddress);

    private static readonly IPNetwork[] PrivateRanges =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
    ];

    /// <summary>True when the block lies inside one of the RFC 1918 private ranges.</summary>
    public static bool IsPrivate(IPNetwork network) => PrivateRanges.Any(range => Covers(range, network));
}
