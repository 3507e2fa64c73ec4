// One end of a traffic rule: a tier (a security group) or a range of addresses outside the stack.
using System.Net;
using WebStack.Core.Network;

namespace WebStack.Core.Firewall;

public abstract record Peer
{
    public static Peer Of(Tier tier) => new TierPeer(tier);

    public static Peer Range(IPNetwork cidr, string who) => new CidrPeer(cidr, who);

    public static Peer Anywhere(string what) => new CidrPeer(Ipv4Cidr.Anywhere, what);
}

public sealed record TierPeer(Tier Tier) : Peer
{
    public override string ToString() => Tier.ToString();
}

/// <param name="Who">What the range stands for, e.g. "clients" or "admins".</param>
public sealed record CidrPeer(IPNetwork Cidr, string Who) : Peer
{
    public bool IsAnywhere => Cidr.PrefixLength == 0;

    public override string ToString() => $"{Who} {Cidr}";
}
