// A traffic rule as security groups express it: an inbound rule on the receiving tier's group and an outbound
// rule on the sending tier's group. Security groups are stateful, so replies need no rules of their own.
namespace WebStack.Core.Firewall;

public enum Direction
{
    Ingress,
    Egress,
}

/// <param name="Group">The tier whose security group holds the rule.</param>
/// <param name="Peer">The other end: the source of an ingress rule, the destination of an egress rule.</param>
public sealed record SecurityGroupRule(Tier Group, Direction Direction, Peer Peer, int Port, string Description)
{
    public static IReadOnlyList<SecurityGroupRule> From(IEnumerable<TrafficRule> rules)
    {
        var result = new List<SecurityGroupRule>();
        foreach (var rule in rules)
        {
            if (rule.From is not TierPeer && rule.To is not TierPeer)
            {
                throw new ArgumentException($"rule {rule} joins two address ranges; one end must be a tier of the stack");
            }

            if (rule.To is TierPeer to)
            {
                result.Add(new SecurityGroupRule(to.Tier, Direction.Ingress, rule.From, rule.Port, rule.Purpose));
            }

            if (rule.From is TierPeer from)
            {
                result.Add(new SecurityGroupRule(from.Tier, Direction.Egress, rule.To, rule.Port, rule.Purpose));
            }
        }

        return result;
    }

    /// <summary>A short, stable name for the rule's resource, e.g. "app-in-tcp80-from-loadbalancer".</summary>
    public string Name => $"{Group.ToString().ToLowerInvariant()}-{(Direction == Direction.Ingress ? "in" : "out")}-tcp{Port}-"
        + $"{(Direction == Direction.Ingress ? "from" : "to")}-{PeerName}";

    private string PeerName => Peer switch
    {
        TierPeer tier => tier.Tier.ToString().ToLowerInvariant(),
        CidrPeer { Cidr.BaseAddress.AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } cidr =>
            "ipv6-" + cidr.Cidr.ToString().Replace("::", "-", StringComparison.Ordinal).Replace(':', '-').Replace('/', '-').Trim('-'),
        CidrPeer cidr => cidr.Cidr.ToString().Replace('.', '-').Replace('/', '-'),
        _ => throw new InvalidOperationException(),
    };
}
