// The firewall: a group per tier with no inline rules, each planned rule as one rule resource, the internet only at
// the load balancer (HTTP, and HTTPS with a certificate), the database only from the servers, SSH only when asked for.
using WebStack.Core.Firewall;
using WebStack.Core.Network;

namespace WebStack.Infra.Tests;

public sealed class FirewallTests
{
    private const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-5b6a-7980-1a2b-3c4d5e6f7a8b";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task EveryPlannedRuleIsOneRuleResourceAndGroupsHaveNoInlineRules(string stack)
    {
        var run = await StackRunner.RunAsync(stack);

        var groups = run.OfType(ResourceTypes.SecurityGroup);
        Assert.Equal(
            TrafficRules.Tiers(run.Plan.Rules).Select(run.SecurityGroupId).Order(StringComparer.Ordinal),
            groups.Select(group => MockCloud.IdOf(group.Name!)).Order(StringComparer.Ordinal));
        Assert.All(groups, group =>
        {
            Assert.False(group.Has("ingress"), $"{group.Name} has inline ingress rules");
            Assert.False(group.Has("egress"), $"{group.Name} has inline egress rules");
            Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.Vpc).Name!), group.Text("vpcId"));
        });

        var rules = run.IngressRules.Concat(run.EgressRules).ToList();
        Assert.Equal(run.Plan.GroupRules.Count, rules.Count);
        foreach (var planned in run.Plan.GroupRules)
        {
            var rule = run.Named(planned.Direction == Direction.Ingress ? ResourceTypes.IngressRule : ResourceTypes.EgressRule, run.Plan.Names.GroupRule(planned));
            Assert.Equal(run.SecurityGroupId(planned.Group), rule.Text("securityGroupId"));
            Assert.Equal("tcp", rule.Text("ipProtocol"));
            Assert.Equal(planned.Port, rule.Number("fromPort"));
            Assert.Equal(planned.Port, rule.Number("toPort"));
            Assert.Equal(planned.Description, rule.Text("description"));
            switch (planned.Peer)
            {
                case TierPeer tier:
                    Assert.Equal(run.SecurityGroupId(tier.Tier), rule.Text("referencedSecurityGroupId"));
                    Assert.False(rule.Has("cidrIpv4"));
                    break;
                case CidrPeer cidr:
                    Assert.Equal(cidr.Cidr.ToString(), rule.Text("cidrIpv4"));
                    Assert.False(rule.Has("referencedSecurityGroupId"));
                    break;
            }
        }
    }

    [Theory]
    [InlineData(false, new[] { 80 })]
    [InlineData(true, new[] { 80, 443 })]
    public async Task OnlyTheLoadBalancerAcceptsTheInternetAndOnlyOnHttpAndHttps(bool https, int[] ports)
    {
        var settings = https ? new Dictionary<string, string> { ["certificateArn"] = CertificateArn } : null;
        var run = await StackRunner.RunAsync("dev", settings);

        var fromAnywhere = run.IngressRules.Where(rule => rule.Input("cidrIpv4") as string == Ipv4Cidr.Anywhere.ToString()).ToList();
        Assert.All(fromAnywhere, rule => Assert.Equal(run.SecurityGroupId(Tier.LoadBalancer), rule.Text("securityGroupId")));
        Assert.Equal(ports, fromAnywhere.Select(rule => rule.Number("fromPort")).Order());

        // No other group takes any address range in at all: the servers and the database only hear from other tiers.
        var ranged = run.IngressRules.Where(rule => rule.Has("cidrIpv4"));
        Assert.All(ranged, rule => Assert.Equal(run.SecurityGroupId(Tier.LoadBalancer), rule.Text("securityGroupId")));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheDatabaseIsReachableOnlyFromTheServers(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var database = run.SecurityGroupId(Tier.Database);

        var ingress = Assert.Single(run.IngressRules, rule => rule.Text("securityGroupId") == database);
        Assert.Equal(run.SecurityGroupId(Tier.App), ingress.Text("referencedSecurityGroupId"));
        Assert.Equal(Ports.PostgreSql, ingress.Number("fromPort"));
        Assert.Equal(Ports.PostgreSql, ingress.Number("toPort"));
        Assert.DoesNotContain(run.EgressRules, rule => rule.Text("securityGroupId") == database);

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.Equal(new[] { database }, instance.Texts("vpcSecurityGroupIds"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task ThereIsNoSshUnlessItIsConfigured(string stack)
    {
        var run = await StackRunner.RunAsync(stack);

        Assert.DoesNotContain(run.IngressRules, rule => rule.Number("fromPort") == Ports.Ssh || rule.Number("toPort") == Ports.Ssh);
        Assert.False(run.Single(ResourceTypes.LaunchTemplate).Has("keyName"));
    }

    [Fact]
    public async Task SshComesOnlyFromTheAdminRangesWithTheConfiguredKey()
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string>
        {
            ["sshKeyName"] = "ops-admin",
            ["sshCidrs"] = "203.0.113.0/24,198.51.100.7/32",
        });

        var ssh = run.IngressRules.Where(rule => rule.Number("fromPort") == Ports.Ssh).ToList();
        Assert.All(ssh, rule =>
        {
            Assert.Equal(run.SecurityGroupId(Tier.App), rule.Text("securityGroupId"));
            Assert.Equal(Ports.Ssh, rule.Number("toPort"));
        });
        Assert.Equal(new[] { "198.51.100.7/32", "203.0.113.0/24" }, ssh.Select(rule => rule.Text("cidrIpv4")).Order(StringComparer.Ordinal));
        Assert.Equal("ops-admin", run.Single(ResourceTypes.LaunchTemplate).Text("keyName"));
    }
}
