// One run of the program: the resources it registered (as the engine received them), the calls it made, the stack
// object with its outputs, and what the core planned for the same settings.
using System.Collections.Immutable;
using Pulumi;
using Pulumi.Testing;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Naming;
using WebStack.Core.Network;

namespace WebStack.Infra.Tests;

internal sealed record StackRun(
    string StackName,
    ImmutableArray<Resource> Resources,
    IReadOnlyList<MockResourceArgs> Registered,
    IReadOnlyList<MockCallArgs> Calls,
    StackPlan Plan,
    IReadOnlyList<string> Created)
{
    /// <summary>Whether <paramref name="later"/>'s creation ended after <paramref name="earlier"/>'s (both "type::name").</summary>
    public bool CreatedAfter(MockResourceArgs later, MockResourceArgs earlier) =>
        Created.ToList().IndexOf($"{later.Type}::{later.Name}") is var after and >= 0
        && Created.ToList().IndexOf($"{earlier.Type}::{earlier.Name}") is var before and >= 0
        && after > before;

    public WebStackStack Stack => Resources.OfType<WebStackStack>().Single();

    public IReadOnlyList<MockResourceArgs> OfType(string type) => Registered.Where(resource => resource.Type == type).ToList();

    public MockResourceArgs Single(string type) =>
        OfType(type) is [var only] ? only : throw new InvalidOperationException($"expected one {type}, found {OfType(type).Count}");

    public MockResourceArgs Named(string type, string logicalName) =>
        OfType(type).SingleOrDefault(resource => resource.Name == logicalName)
        ?? throw new InvalidOperationException($"no {type} named {logicalName}; there are {string.Join(", ", OfType(type).Select(r => r.Name))}");

    /// <summary>A resource by its planned name, e.g. Named(RouteTable, run.Plan.Names.DataRouteTable).</summary>
    public MockResourceArgs Named(string type, PlannedName name) => Named(type, name.Logical);

    public string SecurityGroupId(Tier tier) => MockCloud.IdOf(Plan.Names.SecurityGroup(tier).Logical);

    public IReadOnlyList<MockResourceArgs> SubnetsIn(SubnetTier tier) =>
        Plan.Subnets.InTier(tier).OrderBy(subnet => subnet.ZoneIndex).Select(subnet => Named(ResourceTypes.Subnet, Plan.Names.Subnet(subnet))).ToList();

    public IReadOnlyList<string> SubnetIdsIn(SubnetTier tier) => SubnetsIn(tier).Select(subnet => MockCloud.IdOf(subnet.Name!)).ToList();

    public IReadOnlyList<MockResourceArgs> IngressRules => OfType(ResourceTypes.IngressRule);

    public IReadOnlyList<MockResourceArgs> EgressRules => OfType(ResourceTypes.EgressRule);
}
