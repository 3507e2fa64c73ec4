// Least privilege, checked over every combination of the settings that change the firewall: who may reach the
// load balancer, HTTPS, SSH and the NAT strategy.
using System.Net;
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Firewall;

public class TrafficRulesTests
{
    private const string Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

    /// <summary>Every combination of ingress ranges, HTTPS, SSH and NAT strategy, each with a name for failure messages.</summary>
    public static IEnumerable<(string Name, StackSettings Settings)> Variations()
    {
        string?[] ingressOptions = [null, "203.0.113.0/24", "203.0.113.0/24,198.51.100.7/32,10.0.0.0/8"];
        string?[] sshOptions = [null, "198.51.100.0/24", "198.51.100.0/24,192.0.2.0/28"];
        foreach (var ingress in ingressOptions)
        {
            foreach (var https in new[] { "none", "certificate", "domain" })
            {
                foreach (var ssh in sshOptions)
                {
                    foreach (var nat in NatStrategyNames.All)
                    {
                        var values = new List<(string, string)> { ("natStrategy", nat) };
                        if (ingress is not null)
                        {
                            values.Add(("ingressCidrs", ingress));
                        }

                        if (https == "certificate")
                        {
                            values.Add(("certificateArn", Certificate));
                        }
                        else if (https == "domain")
                        {
                            values.Add(("domainName", "www.example.com"));
                            values.Add(("hostedZone", "example.com"));
                        }

                        if (ssh is not null)
                        {
                            values.Add(("sshKeyName", "ops"));
                            values.Add(("sshCidrs", ssh));
                        }

                        var name = $"ingress={ingress ?? "default"} https={https} ssh={ssh ?? "none"} nat={nat}";
                        yield return (name, Config.Valid([.. values]));
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Name, StackSettings Settings, IReadOnlyList<TrafficRule> Rules)> AllRules() =>
        Variations().Select(variation => (variation.Name, variation.Settings, TrafficRules.For(variation.Settings)));

    private static bool IsTier(Peer peer, Tier tier) => peer is TierPeer tierPeer && tierPeer.Tier == tier;

    [Fact]
    public void Nothing_but_the_app_tier_reaches_the_database()
    {
        foreach (var (name, _, rules) in AllRules())
        {
            var toDatabase = rules.Where(rule => IsTier(rule.To, Tier.Database)).ToList();
            var rule = Assert.Single(toDatabase);
            Assert.True(IsTier(rule.From, Tier.App) && rule.Port == Ports.PostgreSql, $"{name}: {rule}");
        }
    }

    [Fact]
    public void The_database_opens_no_connection_of_its_own()
    {
        foreach (var (name, _, rules) in AllRules())
        {
            Assert.False(rules.Any(rule => IsTier(rule.From, Tier.Database)), $"{name}: the database starts a connection");
        }
    }

    [Fact]
    public void No_address_range_reaches_a_server_except_admins_over_ssh()
    {
        foreach (var (name, settings, rules) in AllRules())
        {
            var fromRanges = rules.Where(rule => rule.From is CidrPeer && rule.To is TierPeer { Tier: not Tier.LoadBalancer }).ToList();
            var admins = settings.Ssh?.Cidrs ?? [];
            Assert.True(fromRanges.All(rule => IsTier(rule.To, Tier.App) && rule.Port == Ports.Ssh && admins.Contains(((CidrPeer)rule.From).Cidr)),
                $"{name}: {string.Join("; ", fromRanges)}");
            Assert.Equal(admins.Select(cidr => cidr.ToString()).Order(), fromRanges.Select(rule => ((CidrPeer)rule.From).Cidr.ToString()).Order());
        }
    }

    [Fact]
    public void There_is_no_ssh_rule_unless_ssh_is_configured()
    {
        foreach (var (name, settings, rules) in AllRules().Where(variation => variation.Settings.Ssh is null))
        {
            Assert.False(rules.Any(rule => rule.Port == Ports.Ssh), $"{name}: an SSH rule without SSH configured");
        }

        Assert.DoesNotContain(TrafficRules.For(Config.Valid()), rule => rule.Port == Ports.Ssh);
    }

    [Fact]
    public void Nothing_is_open_to_anywhere_inbound_but_the_load_balancers_listeners()
    {
        foreach (var (name, settings, rules) in AllRules())
        {
            var fromAnywhere = rules.Where(rule => rule.From is CidrPeer { IsAnywhere: true }).ToList();
            var listeners = settings.HttpsEnabled ? new[] { Ports.Http, Ports.Https } : [Ports.Http];
            Assert.True(fromAnywhere.All(rule => IsTier(rule.To, Tier.LoadBalancer) && listeners.Contains(rule.Port)),
                $"{name}: {string.Join("; ", fromAnywhere)}");
        }
    }

    [Fact]
    public void The_only_rule_out_to_anywhere_is_the_servers_https()
    {
        foreach (var (name, _, rules) in AllRules())
        {
            var toAnywhere = rules.Where(rule => rule.To is CidrPeer).ToList();
            var rule = Assert.Single(toAnywhere);
            Assert.True(IsTier(rule.From, Tier.App) && rule.Port == Ports.Https && ((CidrPeer)rule.To).IsAnywhere, $"{name}: {rule}");
        }
    }

    [Fact]
    public void The_load_balancer_listens_on_http_and_on_https_only_with_a_certificate()
    {
        foreach (var (name, settings, rules) in AllRules())
        {
            var ports = rules.Where(rule => rule.From is CidrPeer && IsTier(rule.To, Tier.LoadBalancer)).Select(rule => rule.Port).Distinct().Order();
            Assert.True(ports.SequenceEqual(settings.HttpsEnabled ? [Ports.Http, Ports.Https] : [Ports.Http]), $"{name}: ports {string.Join(",", ports)}");
        }
    }

    [Fact]
    public void The_load_balancer_is_reachable_from_exactly_the_ingress_ranges_on_each_listener()
    {
        foreach (var (name, settings, rules) in AllRules())
        {
            foreach (var port in settings.HttpsEnabled ? new[] { Ports.Http, Ports.Https } : [Ports.Http])
            {
                var sources = rules.Where(rule => IsTier(rule.To, Tier.LoadBalancer) && rule.Port == port).Select(rule => ((CidrPeer)rule.From).Cidr);
                // A dualstack load balancer open to everyone takes IPv6 clients as well, and only then.
                IEnumerable<IPNetwork> expected = settings.DualStack ? [.. settings.IngressCidrs, TrafficRules.Ipv6Anywhere] : settings.IngressCidrs;
                Assert.True(sources.SequenceEqual(expected), $"{name}: port {port} is open to {string.Join(",", sources)}");
            }
        }
    }

    [Fact]
    public void A_named_stack_open_to_everyone_takes_IPv6_clients_on_both_listeners_and_nothing_else_gets_IPv6()
    {
        var settings = Config.Valid(("domainName", "www.example.com"), ("hostedZone", "example.com"));

        var rules = TrafficRules.For(settings);

        var ipv6 = rules.Where(rule => rule.From is CidrPeer { Cidr.BaseAddress.AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }
            || rule.To is CidrPeer { Cidr.BaseAddress.AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }).ToList();
        Assert.Equal([Ports.Http, Ports.Https], ipv6.Select(rule => rule.Port));
        Assert.All(ipv6, rule => Assert.True(IsTier(rule.To, Tier.LoadBalancer) && ((CidrPeer)rule.From).Cidr == TrafficRules.Ipv6Anywhere, rule.ToString()));
        Assert.Contains("loadbalancer-in-tcp443-from-ipv6-0", SecurityGroupRule.From(rules).Select(rule => rule.Name));
    }

    [Fact]
    public void Default_ingress_is_everyone_and_a_configured_one_replaces_it()
    {
        var everyone = TrafficRules.For(Config.Valid());
        var office = TrafficRules.For(Config.Valid(("ingressCidrs", "203.0.113.0/24")));

        Assert.Equal(["0.0.0.0/0"], everyone.Where(rule => IsTier(rule.To, Tier.LoadBalancer)).Select(rule => ((CidrPeer)rule.From).Cidr.ToString()));
        Assert.Equal(["203.0.113.0/24"], office.Where(rule => IsTier(rule.To, Tier.LoadBalancer)).Select(rule => ((CidrPeer)rule.From).Cidr.ToString()));
        Assert.DoesNotContain(office, rule => rule.From is CidrPeer { IsAnywhere: true });
    }

    [Fact]
    public void Servers_are_reached_on_nginx_only_from_the_load_balancer()
    {
        foreach (var (name, _, rules) in AllRules())
        {
            var toNginx = rules.Where(rule => IsTier(rule.To, Tier.App) && rule.Port == Ports.Nginx).ToList();
            var rule = Assert.Single(toNginx);
            Assert.True(IsTier(rule.From, Tier.LoadBalancer), $"{name}: {rule}");
        }
    }

    [Fact]
    public void Without_nat_the_servers_reach_aws_through_the_endpoints_and_only_then()
    {
        foreach (var (name, settings, rules) in AllRules())
        {
            var toEndpoints = rules.Where(rule => IsTier(rule.To, Tier.Endpoints)).ToList();
            if (settings.Network.NatStrategy == NatStrategy.None)
            {
                var rule = Assert.Single(toEndpoints);
                Assert.True(IsTier(rule.From, Tier.App) && rule.Port == Ports.Https, $"{name}: {rule}");
                Assert.Contains(Tier.Endpoints, TrafficRules.Tiers(rules));
            }
            else
            {
                Assert.True(toEndpoints.Count == 0, $"{name}: endpoint rules with a NAT gateway");
                Assert.DoesNotContain(Tier.Endpoints, TrafficRules.Tiers(rules));
            }
        }
    }

    [Fact]
    public void Every_rule_is_tcp_on_a_known_port_with_a_purpose()
    {
        int[] known = [Ports.Http, Ports.Https, Ports.Ssh, Ports.PostgreSql];
        foreach (var (name, _, rules) in AllRules())
        {
            foreach (var rule in rules)
            {
                Assert.True(known.Contains(rule.Port) && !string.IsNullOrWhiteSpace(rule.Purpose), $"{name}: {rule}");
            }
        }

        Assert.Equal("tcp", TrafficRule.Protocol);
    }

    [Fact]
    public void With_a_certificate_plain_http_is_kept_only_to_redirect_to_https()
    {
        var rules = TrafficRules.For(Config.Valid(("certificateArn", Certificate)));

        Assert.Equal(
            [
                "clients 0.0.0.0/0 -> LoadBalancer tcp/80 (HTTP from clients, redirected to HTTPS)",
                "clients 0.0.0.0/0 -> LoadBalancer tcp/443 (HTTPS from clients)",
            ],
            rules.Where(rule => IsTier(rule.To, Tier.LoadBalancer)).Select(rule => rule.ToString()));
    }

    [Fact]
    public void The_rules_read_as_sentences()
    {
        var rules = TrafficRules.For(Config.Valid(("ingressCidrs", "203.0.113.0/24")));

        Assert.Equal(
            [
                "clients 203.0.113.0/24 -> LoadBalancer tcp/80 (HTTP from clients)",
                "LoadBalancer -> App tcp/80 (requests and health checks to nginx)",
                "App -> Database tcp/5432 (app processes to PostgreSQL)",
                "App -> AWS and package repositories 0.0.0.0/0 tcp/443 (packages, SSM, Secrets Manager and S3 over HTTPS)",
            ],
            rules.Select(rule => rule.ToString()));
    }
}

public class SecurityGroupRuleTests
{
    private static IEnumerable<(string Name, IReadOnlyList<TrafficRule> Rules, IReadOnlyList<SecurityGroupRule> GroupRules)> All() =>
        TrafficRulesTests.Variations().Select(variation =>
        {
            var rules = TrafficRules.For(variation.Settings);
            return (variation.Name, rules, SecurityGroupRule.From(rules));
        });

    [Fact]
    public void A_rule_between_two_tiers_is_an_ingress_on_the_receiver_and_an_egress_on_the_sender()
    {
        foreach (var (name, rules, groupRules) in All())
        {
            foreach (var rule in rules.Where(rule => rule.From is TierPeer && rule.To is TierPeer))
            {
                var from = ((TierPeer)rule.From).Tier;
                var to = ((TierPeer)rule.To).Tier;
                var ingress = groupRules.Where(g => g.Group == to && g.Direction == Direction.Ingress && g.Peer == rule.From && g.Port == rule.Port).ToList();
                var egress = groupRules.Where(g => g.Group == from && g.Direction == Direction.Egress && g.Peer == rule.To && g.Port == rule.Port).ToList();
                Assert.True(ingress.Count == 1 && egress.Count == 1, $"{name}: {rule} became {ingress.Count} ingress and {egress.Count} egress rules");
            }
        }
    }

    [Fact]
    public void A_rule_with_an_address_range_lives_only_on_the_tiers_group()
    {
        foreach (var (name, rules, groupRules) in All())
        {
            foreach (var rule in rules.Where(rule => rule.From is CidrPeer))
            {
                var matching = groupRules.Where(g => g.Peer == rule.From && g.Port == rule.Port).ToList();
                var only = Assert.Single(matching);
                Assert.True(only.Direction == Direction.Ingress && only.Group == ((TierPeer)rule.To).Tier, $"{name}: {rule}");
            }

            foreach (var rule in rules.Where(rule => rule.To is CidrPeer))
            {
                var matching = groupRules.Where(g => g.Peer == rule.To && g.Port == rule.Port).ToList();
                var only = Assert.Single(matching);
                Assert.True(only.Direction == Direction.Egress && only.Group == ((TierPeer)rule.From).Tier, $"{name}: {rule}");
            }
        }
    }

    [Fact]
    public void The_group_rules_are_exactly_those_the_traffic_rules_call_for()
    {
        foreach (var (name, rules, groupRules) in All())
        {
            var expected = rules.Sum(rule => (rule.From is TierPeer ? 1 : 0) + (rule.To is TierPeer ? 1 : 0));
            Assert.True(groupRules.Count == expected, $"{name}: {groupRules.Count} group rules for {expected} ends");
        }
    }

    [Fact]
    public void No_group_lets_in_anything_from_anywhere_but_the_load_balancer()
    {
        foreach (var (name, _, groupRules) in All())
        {
            var open = groupRules.Where(g => g.Direction == Direction.Ingress && g.Peer is CidrPeer { IsAnywhere: true } && g.Group != Tier.LoadBalancer);
            Assert.True(!open.Any(), $"{name}: {string.Join("; ", open.Select(g => g.Name))}");
        }
    }

    [Fact]
    public void Rule_names_are_unique_within_a_stack()
    {
        foreach (var (name, _, groupRules) in All())
        {
            var duplicates = groupRules.GroupBy(g => g.Name).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{name}: repeated names {string.Join(", ", duplicates)}");
        }
    }

    [Fact]
    public void Rule_names_say_group_direction_port_and_peer()
    {
        var groupRules = SecurityGroupRule.From(TrafficRules.For(Config.Valid(("sshKeyName", "ops"), ("sshCidrs", "198.51.100.0/24"))));

        Assert.Equal(
            [
                "loadbalancer-in-tcp80-from-0-0-0-0-0",
                "app-in-tcp80-from-loadbalancer",
                "loadbalancer-out-tcp80-to-app",
                "database-in-tcp5432-from-app",
                "app-out-tcp5432-to-database",
                "app-out-tcp443-to-0-0-0-0-0",
                "app-in-tcp22-from-198-51-100-0-24",
            ],
            groupRules.Select(g => g.Name));
    }

    [Fact]
    public void A_rule_between_two_address_ranges_is_refused()
    {
        var rule = new TrafficRule(Peer.Range(IPNetwork.Parse("10.0.0.0/8"), "a"), Peer.Anywhere("b"), 443, "nonsense");

        var exception = Assert.Throws<ArgumentException>(() => SecurityGroupRule.From([rule]));
        Assert.Contains("joins two address ranges; one end must be a tier of the stack", exception.Message);
    }

    [Fact]
    public void The_tiers_that_need_a_group_are_those_the_rules_name()
    {
        Assert.Equal([Tier.LoadBalancer, Tier.App, Tier.Database], TrafficRules.Tiers(TrafficRules.For(Config.Valid())));
        Assert.Equal([Tier.LoadBalancer, Tier.App, Tier.Database, Tier.Endpoints],
            TrafficRules.Tiers(TrafficRules.For(Config.Valid(("natStrategy", "none")))));
        Assert.Equal(Ipv4Cidr.Anywhere, ((CidrPeer)Peer.Anywhere("x")).Cidr);
    }
}
