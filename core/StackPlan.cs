// Everything a stack will build, decided from its settings alone: names, subnets, firewall rules and what each
// server runs. The Pulumi program maps this onto AWS resources; the offline plan and the local rehearsals print
// and run the same values.
using WebStack.Core.Deployment;
using WebStack.Core.Firewall;
using WebStack.Core.Naming;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core;

public sealed record StackPlan(
    StackSettings Settings,
    ResourceNames Names,
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
        var deployment = DeploymentPolicy.For(settings);
        return new StackPlan(
            settings,
            new ResourceNames(settings.Project, settings.Stack),
            SubnetPlan.Create(settings.Network.VpcCidr, settings.Network.AzCount),
            rules,
            SecurityGroupRule.From(rules),
            ServerPlan.From(settings) with { Supervision = deployment.Processes },
            EgressPlan.For(settings.Network.NatStrategy, settings.Network.AzCount),
            StackLifecycle.For(settings.Profile),
            deployment);
    }

    /// <summary>Where things live on the stack's EC2 servers.</summary>
    public ServerLayout ServerLayout => ServerLayout.AmazonLinux(Subnets);

    public string UserData(BootstrapInputs inputs) => UserDataScript.Render(Server, ServerLayout, inputs);

    /// <summary>The tags of the resource named <paramref name="resourceName"/>.</summary>
    public IReadOnlyDictionary<string, string> TagsFor(string resourceName) => StandardTags.For(Settings, resourceName);
}
