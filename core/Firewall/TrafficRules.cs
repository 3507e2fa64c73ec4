// The stack's traffic rules, derived from its settings. The Pulumi firewall and the local nftables rules are both
// generated from this list, so the architecture's rules are stated once.
using System.Net;
using WebStack.Core.Settings;

namespace WebStack.Core.Firewall;

public static class TrafficRules
{
    public static readonly IPNetwork Ipv6Anywhere = IPNetwork.Parse("::/0");

    public static IReadOnlyList<TrafficRule> For(StackSettings settings)
    {
        var rules = new List<TrafficRule>();
        var loadBalancer = Peer.Of(Tier.LoadBalancer);
        var app = Peer.Of(Tier.App);

        // A dualstack load balancer open to everyone takes IPv6 clients too: ::/0 wherever 0.0.0.0/0 is allowed.
        var ingress = settings.DualStack ? [.. settings.IngressCidrs, Ipv6Anywhere] : settings.IngressCidrs;
        foreach (var cidr in ingress)
        {
            var clients = Peer.Range(cidr, "clients");
            rules.Add(new TrafficRule(clients, loadBalancer, Ports.Http,
                settings.HttpsEnabled ? "HTTP from clients, redirected to HTTPS" : "HTTP from clients"));
            if (settings.HttpsEnabled)
            {
                rules.Add(new TrafficRule(clients, loadBalancer, Ports.Https, "HTTPS from clients"));
            }
        }

        rules.Add(new TrafficRule(loadBalancer, app, Ports.Nginx, "requests and health checks to nginx"));
        rules.Add(new TrafficRule(app, Peer.Of(Tier.Database), Ports.PostgreSql, "app processes to PostgreSQL"));
        rules.Add(new TrafficRule(app, Peer.Anywhere("AWS and package repositories"), Ports.Https,
            "packages, SSM, Secrets Manager and S3 over HTTPS"));

        if (settings.Network.NatStrategy == NatStrategy.None)
        {
            rules.Add(new TrafficRule(app, Peer.Of(Tier.Endpoints), Ports.Https, "AWS APIs through VPC endpoints"));
        }

        foreach (var cidr in settings.Ssh?.Cidrs ?? [])
        {
            rules.Add(new TrafficRule(Peer.Range(cidr, "admins"), app, Ports.Ssh, "SSH from admins"));
        }

        return rules;
    }

    /// <summary>The tiers that need a security group for these rules.</summary>
    public static IReadOnlyList<Tier> Tiers(IEnumerable<TrafficRule> rules) =>
        rules.SelectMany(rule => new[] { rule.From, rule.To }).OfType<TierPeer>().Select(peer => peer.Tier).Distinct().Order().ToList();
}
