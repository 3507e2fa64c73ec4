// Everything a stack will build, decided from its settings alone: names, subnets, firewall rules and what each
// server runs. The Pulumi program maps this onto AWS resources; the offline plan and the local rehearsals print
// and run the same values.
using WebStack.Core.Cost;
using WebStack.Core.Deployment;
using WebStack.Core.Firewall;
using WebStack.Core.Naming;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core;

public sealed record StackPlan(
    StackSettings Settings,
    StackNames Names,
    SubnetPlan Subnets,
    IReadOnlyList<TrafficRule> Rules,
    IReadOnlyList<SecurityGroupRule> GroupRules,
    ServerPlan Server,
    EgressPlan Egress,
    StackLifecycle Lifecycle,
    DeploymentPolicy Deployment)
{
    public static StackPlan From(StackSettings settings)
    {
        var rules = TrafficRules.For(settings);
        var groupRules = SecurityGroupRule.From(rules);
        var subnets = SubnetPlan.Create(settings.Network.VpcCidr, settings.Network.AzCount);
        var egress = EgressPlan.For(settings.Network.NatStrategy, settings.Network.AzCount);
        var deployment = DeploymentPolicy.For(settings);
        // A budget needs a margin and prices for the region to derive its limit from (see BudgetPlan).
        var budget = settings.Cost.BudgetMarginPercent > 0 && PriceTableLoader.Embedded.Regions.Contains(settings.Region);
        return new StackPlan(
            settings,
            new StackNames(new ResourceNames(settings.Project, settings.Stack), settings, subnets, egress, rules, groupRules, budget),
            subnets,
            rules,
            groupRules,
            ServerPlan.From(settings) with { Supervision = deployment.Processes },
            egress,
            StackLifecycle.For(settings),
            deployment);
    }

    /// <summary>Where things live on the stack's EC2 servers.</summary>
    public ServerLayout ServerLayout => ServerLayout.AmazonLinux(Subnets);

    /// <summary>The web application firewall on the load balancer; null without one.</summary>
    public Firewall.WebAclPlan? WebAcl => Firewall.WebAclPlan.For(Settings, Names.Base);

    public string UserData(BootstrapInputs inputs) => UserDataScript.Render(Server, ServerLayout, inputs);

    /// <summary>The tags of the resource named <paramref name="name"/> (its Name tag is the whole, uncut name).</summary>
    public IReadOnlyDictionary<string, string> TagsFor(PlannedName name) => StandardTags.For(Settings, name.Tag);
}
