// How servers reach out: NAT gateways per the strategy, or VPC endpoints when there is no NAT, consistent with the
// firewall's rules for the endpoints tier.
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Network;

public sealed class EgressPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Per_zone_NAT_gives_every_zone_its_own_gateway(int zones)
    {
        var egress = EgressPlan.For(NatStrategy.PerAz, zones);

        Assert.Equal(Enumerable.Range(0, zones), egress.NatGatewayZones);
        Assert.All(Enumerable.Range(0, zones), zone => Assert.Equal(zone, egress.NatZoneFor(zone)));
        Assert.False(egress.UsesEndpoints);
    }

    [Fact]
    public void A_single_NAT_gateway_sits_in_the_first_zone_and_every_zone_routes_through_it()
    {
        var egress = EgressPlan.For(NatStrategy.Single, 3);

        Assert.Equal([0], egress.NatGatewayZones);
        Assert.All(Enumerable.Range(0, 3), zone => Assert.Equal(0, egress.NatZoneFor(zone)));
    }

    [Fact]
    public void Without_NAT_servers_reach_ssm_secrets_manager_and_s3_through_endpoints_and_have_no_route_out()
    {
        var egress = EgressPlan.For(NatStrategy.None, 2);

        Assert.Empty(egress.NatGatewayZones);
        Assert.Null(egress.NatZoneFor(0));
        Assert.Equal(["ssm", "ssmmessages", "ec2messages", "secretsmanager", "logs", "monitoring"], egress.InterfaceEndpointServices);
        Assert.Equal(["s3"], egress.GatewayEndpointServices);
        Assert.Equal("com.amazonaws.eu-west-1.ssm", EgressPlan.ServiceName("eu-west-1", "ssm"));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("single")]
    [InlineData("perAz")]
    public void The_endpoints_tier_has_firewall_rules_exactly_when_the_plan_has_endpoints(string strategy)
    {
        var plan = StackPlan.From(Config.Valid(("natStrategy", strategy)));

        var endpointRules = plan.Rules.Any(rule => rule.To == Peer.Of(Tier.Endpoints));

        Assert.Equal(plan.Egress.UsesEndpoints, endpointRules);
    }

    [Fact]
    public void Dev_stacks_go_away_in_one_destroy_and_prod_keeps_its_data()
    {
        var dev = StackPlan.From(Config.Valid()).Lifecycle;
        var prod = StackPlan.From(Config.ValidStack("prod")).Lifecycle;

        Assert.Equal(new StackLifecycle(EmptyBucketsOnDestroy: true, SecretRecoveryWindowDays: 0, FlowLogRetentionDays: 14, ApplyDatabaseChangesImmediately: true), dev);
        Assert.False(prod.EmptyBucketsOnDestroy);
        // A deliberate teardown turns it on, with a warning.
        var teardown = Config.ReadStack("prod", ("emptyBucketsOnDestroy", "true"));
        Assert.True(StackPlan.From(Config.AssertValid(teardown)).Lifecycle.EmptyBucketsOnDestroy);
        Assert.Contains(teardown.Warnings, warning => warning.Key == "emptyBucketsOnDestroy");
        Assert.InRange(prod.SecretRecoveryWindowDays, 7, 30);
        Assert.False(prod.ApplyDatabaseChangesImmediately);
        // CloudWatch accepts only certain retention periods.
        int[] allowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
        Assert.Contains(dev.FlowLogRetentionDays, allowed);
        Assert.Contains(prod.FlowLogRetentionDays, allowed);
    }
}
