// The security groups as nftables rules: generated from the plan's firewall rules (the list the Pulumi security
// groups are made from), default drop both ways, and accepted by nft itself.
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Local.Processes;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;

namespace WebStack.Topology.Tests;

public sealed class NftablesRulesetTests
{
    private const string AppSubnets = "{ 10.0.0.0/20, 10.0.16.0/20 }";
    private const string PublicSubnets = "{ 10.0.128.0/22, 10.0.132.0/22 }";
    private const string DataSubnets = "{ 10.0.160.0/22, 10.0.164.0/22 }";

    private static readonly Tier[] HostTiers = [Tier.LoadBalancer, Tier.App, Tier.Database];

    /// <summary>Stacks that between them use every kind of rule: HTTPS, SSH, no NAT (VPC endpoints), several ingress ranges.</summary>
    public static TheoryData<string> Stacks => ["dev", "prod", "https-ssh-no-nat", "ingress-ranges", "named-dualstack"];

    private static StackPlan PlanOf(string stack) => stack switch
    {
        "dev" => Plans.With(),
        "prod" => Plans.With(("profile", "prod")),
        "https-ssh-no-nat" => Plans.With(("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc"), ("sshKeyName", "admin"),
            ("sshCidrs", "[\"203.0.113.0/24\"]"), ("natStrategy", "none")),
        "ingress-ranges" => Plans.With(("ingressCidrs", "[\"203.0.113.0/24\", \"192.0.2.0/24\"]")),
        "named-dualstack" => Plans.With(("domainName", "www.example.com"), ("hostedZone", "example.com")),
        _ => throw new ArgumentOutOfRangeException(nameof(stack)),
    };

    /// <summary>The lines of one chain that accept a port: the rules that come from the firewall.</summary>
    private static List<string> PortRules(string ruleset, string chain)
    {
        var lines = ruleset.Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == $"chain {chain} {{");
        Assert.True(start >= 0, $"no chain {chain} in:\n{ruleset}");
        var end = Array.FindIndex(lines, start, line => line.Trim() == "}");
        return lines[start..end].Select(line => line.Trim()).Where(line => line.Contains(" dport ", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public void TheDatabaseAcceptsPostgreSqlOnlyFromTheAppSubnets()
    {
        var ruleset = NftablesRuleset.ForTier(Plans.With(), Tier.Database);

        var rule = Assert.Single(PortRules(ruleset, "input"));
        Assert.StartsWith($"ip saddr {AppSubnets} tcp dport 5432 accept", rule);
        Assert.Empty(PortRules(ruleset, "output"));
    }

    [Fact]
    public void TheLoadBalancerAcceptsHttpFromTheIngressRangesAndSendsOnlyToTheServers()
    {
        var ruleset = NftablesRuleset.ForTier(PlanOf("ingress-ranges"), Tier.LoadBalancer);

        Assert.Collection(PortRules(ruleset, "input"),
            rule => Assert.StartsWith("ip saddr 203.0.113.0/24 tcp dport 80 accept", rule),
            rule => Assert.StartsWith("ip saddr 192.0.2.0/24 tcp dport 80 accept", rule));
        var output = Assert.Single(PortRules(ruleset, "output"));
        Assert.StartsWith($"ip daddr {AppSubnets} tcp dport 80 accept", output);
    }

    [Fact]
    public void ClientsFromAnywhereAreAnIpv4RuleWithoutAnAddress()
    {
        var rule = Assert.Single(PortRules(NftablesRuleset.ForTier(Plans.With(), Tier.LoadBalancer), "input"));

        Assert.StartsWith("meta nfproto ipv4 tcp dport 80 accept", rule);
    }

    [Fact]
    public void TheServersAcceptOnlyTheLoadBalancerAndReachOnlyTheDatabaseAndHttps()
    {
        var ruleset = NftablesRuleset.ForTier(Plans.With(), Tier.App);

        var input = Assert.Single(PortRules(ruleset, "input"));
        Assert.StartsWith($"ip saddr {PublicSubnets} tcp dport 80 accept", input);
        Assert.Collection(PortRules(ruleset, "output"),
            rule => Assert.StartsWith($"ip daddr {DataSubnets} tcp dport 5432 accept", rule),
            rule => Assert.StartsWith("meta nfproto ipv4 tcp dport 443 accept", rule));
    }

    [Fact]
    public void NoRulesetAcceptsSshUnlessItIsConfigured()
    {
        foreach (var stack in new[] { "dev", "prod", "ingress-ranges" })
        {
            foreach (var tier in HostTiers)
            {
                Assert.DoesNotContain(" dport 22 ", NftablesRuleset.ForTier(PlanOf(stack), tier), StringComparison.Ordinal);
            }
        }

        var withSsh = PlanOf("https-ssh-no-nat");
        Assert.Contains(PortRules(NftablesRuleset.ForTier(withSsh, Tier.App), "input"),
            rule => rule.StartsWith("ip saddr 203.0.113.0/24 tcp dport 22 accept", StringComparison.Ordinal));
        Assert.DoesNotContain(" dport 22 ", NftablesRuleset.ForTier(withSsh, Tier.LoadBalancer), StringComparison.Ordinal);
        Assert.DoesNotContain(" dport 22 ", NftablesRuleset.ForTier(withSsh, Tier.Database), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EveryHostDropsWhatIsNotAllowedBothWaysAndIsStateful(string stack)
    {
        foreach (var tier in HostTiers)
        {
            var ruleset = NftablesRuleset.ForTier(PlanOf(stack), tier);
            Assert.Contains("type filter hook input priority filter; policy drop;", ruleset, StringComparison.Ordinal);
            Assert.Contains("type filter hook output priority filter; policy drop;", ruleset, StringComparison.Ordinal);
            Assert.Contains("ct state established,related accept", ruleset, StringComparison.Ordinal);
            Assert.Contains("iif \"lo\" accept", ruleset, StringComparison.Ordinal);
            Assert.Contains("oif \"lo\" accept", ruleset, StringComparison.Ordinal);
            Assert.StartsWith("table inet webstack {", ruleset.Split('\n').First(line => line.StartsWith("table", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
    }

    /// <summary>One nftables rule per security group rule and nothing else: a change to the rules changes both.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void EachRuleIsExactlyOneSecurityGroupRuleOfTheTier(string stack)
    {
        var plan = PlanOf(stack);
        foreach (var tier in HostTiers)
        {
            var ruleset = NftablesRuleset.ForTier(plan, tier);
            foreach (var (chain, direction) in new[] { ("input", Direction.Ingress), ("output", Direction.Egress) })
            {
                var expected = plan.GroupRules.Where(rule => rule.Group == tier && rule.Direction == direction).ToList();
                var rules = PortRules(ruleset, chain);
                Assert.Equal(expected.Count, rules.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Contains($" dport {expected[i].Port} accept comment \"{expected[i].Name}: ", rules[i], StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void ChangingTheIngressRangesChangesTheLoadBalancersRules()
    {
        var everyone = NftablesRuleset.ForTier(Plans.With(), Tier.LoadBalancer);
        var office = NftablesRuleset.ForTier(Plans.With(("ingressCidrs", "[\"203.0.113.0/24\"]")), Tier.LoadBalancer);

        Assert.NotEqual(everyone, office);
        Assert.StartsWith("ip saddr 203.0.113.0/24 tcp dport 80 accept", Assert.Single(PortRules(office, "input")));
    }

    [Fact]
    public void ADualstackLoadBalancersIpv6RulesAreIpv6OnlyAndItsIpv4RulesIpv4Only()
    {
        var rules = PortRules(NftablesRuleset.ForTier(PlanOf("named-dualstack"), Tier.LoadBalancer), "input");

        Assert.Equal(
            new[] { "meta nfproto ipv4 tcp dport 80", "meta nfproto ipv4 tcp dport 443", "meta nfproto ipv6 tcp dport 80", "meta nfproto ipv6 tcp dport 443" }.Order(StringComparer.Ordinal),
            rules.Select(rule => rule[..rule.IndexOf(" accept", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheRouterForwardsEverythingButTheDataSubnetsToAndFromOutsideTheVpc()
    {
        var ruleset = NftablesRuleset.ForRouter(Plans.With());

        Assert.Contains("type filter hook forward priority filter; policy accept;", ruleset, StringComparison.Ordinal);
        Assert.Contains($"ip saddr {DataSubnets} ip daddr != 10.0.0.0/16 drop", ruleset, StringComparison.Ordinal);
        Assert.Contains($"ip saddr != 10.0.0.0/16 ip daddr {DataSubnets} drop", ruleset, StringComparison.Ordinal);
        Assert.DoesNotContain("hook input", ruleset, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Stacks))]
    public async Task NftAcceptsEveryRuleset(string stack)
    {
        var nft = RequiredProgram.Nft.Find();
        Skip.If(nft is null, "nft is not installed: the generated rulesets can't be checked on this machine");
        Skip.If(!Environment.IsPrivilegedProcess, "nft -c needs root (CAP_NET_ADMIN) to check a ruleset against the kernel");
        var plan = PlanOf(stack);
        using var directory = new TempDirectory();
        foreach (var (name, ruleset) in HostTiers.Select(tier => (tier.ToString(), NftablesRuleset.ForTier(plan, tier))).Append(("router", NftablesRuleset.ForRouter(plan))))
        {
            var file = directory.Write($"{name}.nft", ruleset);
            // -c: checked by the kernel, loaded nowhere.
            var result = await ProgramRunner.RunAsync(CommandSpec.Of(nft, "-c", "-f", file));
            Assert.True(result.Succeeded, $"nft -c refused the {name} ruleset of {stack}:\n{ruleset}\n{result.Output}");
        }
    }
}
