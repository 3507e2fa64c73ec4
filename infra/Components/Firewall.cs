// The firewall: one security group per tier the core's traffic rules mention, holding no rules of its own, and each
// rule of the plan as a separate ingress or egress rule resource. A group Pulumi creates has no rules besides these:
// the AWS provider removes the allow-all egress rule AWS adds to a new group in a VPC.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Naming;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record FirewallArgs(StackPlan Plan, Output<string> VpcId);

public sealed class Firewall : ComponentResource
{
    public const string TypeToken = "webstack:firewall:Firewall";

    public Firewall(string name, FirewallArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var groups = new Dictionary<Tier, Aws.Ec2.SecurityGroup>();
        foreach (var tier in TrafficRules.Tiers(plan.Rules))
        {
            var groupName = plan.Names.SecurityGroup(tier);
            groups[tier] = new Aws.Ec2.SecurityGroup(groupName.Logical, new Aws.Ec2.SecurityGroupArgs
            {
                VpcId = args.VpcId,
                Description = $"{plan.Names.Base} {Describe(tier)}",
                Tags = Tagging.For(plan, groupName),
            }, Child());
        }

        Groups = groups;

        foreach (var rule in plan.GroupRules)
        {
            var ruleName = plan.Names.GroupRule(rule);
            var groupId = groups[rule.Group].Id;
            if (rule.Direction == Direction.Ingress)
            {
                var ingress = new Aws.Vpc.SecurityGroupIngressRuleArgs
                {
                    SecurityGroupId = groupId,
                    IpProtocol = TrafficRule.Protocol,
                    FromPort = rule.Port,
                    ToPort = rule.Port,
                    Description = rule.Description,
                    Tags = Tagging.For(plan, ruleName),
                };
                if (rule.Peer is TierPeer source)
                {
                    ingress.ReferencedSecurityGroupId = groups[source.Tier].Id;
                }
                else if (IsIpv6(rule.Peer))
                {
                    ingress.CidrIpv6 = CidrOf(rule.Peer);
                }
                else
                {
                    ingress.CidrIpv4 = CidrOf(rule.Peer);
                }

                _ = new Aws.Vpc.SecurityGroupIngressRule(ruleName.Logical, ingress, Child());
            }
            else
            {
                var egress = new Aws.Vpc.SecurityGroupEgressRuleArgs
                {
                    SecurityGroupId = groupId,
                    IpProtocol = TrafficRule.Protocol,
                    FromPort = rule.Port,
                    ToPort = rule.Port,
                    Description = rule.Description,
                    Tags = Tagging.For(plan, ruleName),
                };
                if (rule.Peer is TierPeer destination)
                {
                    egress.ReferencedSecurityGroupId = groups[destination.Tier].Id;
                }
                else if (IsIpv6(rule.Peer))
                {
                    egress.CidrIpv6 = CidrOf(rule.Peer);
                }
                else
                {
                    egress.CidrIpv4 = CidrOf(rule.Peer);
                }

                _ = new Aws.Vpc.SecurityGroupEgressRule(ruleName.Logical, egress, Child());
            }
        }

        RegisterOutputs(groups.ToDictionary(pair => $"{StackNames.TierName(pair.Key)}GroupId", pair => (object?)pair.Value.Id));
    }

    public IReadOnlyDictionary<Tier, Aws.Ec2.SecurityGroup> Groups { get; }

    public Output<string> GroupId(Tier tier) =>
        Groups.TryGetValue(tier, out var group)
            ? group.Id
            : throw new InvalidOperationException($"the traffic rules give the {tier} tier no security group");

    private static bool IsIpv6(Peer peer) =>
        peer is CidrPeer cidr && cidr.Cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    private static string CidrOf(Peer peer) => peer is CidrPeer cidr
        ? cidr.Cidr.ToString()
        : throw new InvalidOperationException($"{peer} is neither a tier nor an address range");

    private static string Describe(Tier tier) => tier switch
    {
        Tier.LoadBalancer => "load balancer: clients in, requests to the servers out",
        Tier.App => "servers: nginx and the app processes",
        Tier.Database => "PostgreSQL: reachable from the servers only",
        _ => "VPC endpoints: AWS APIs for the servers",
    };

    private CustomResourceOptions Child() => new() { Parent = this };
}
