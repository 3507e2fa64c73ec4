// The network: the planned subnets in the chosen zones, the public tier routed to the internet gateway, the app tier
// out through NAT (one, or one per zone) or only to AWS through VPC endpoints, and the data tier nowhere.
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class NetworkTests
{
    [Theory]
    [InlineData("dev", 2)]
    [InlineData("prod", 3)]
    public async Task EachTierHasOnePlannedSubnetPerZone(string stack, int zones)
    {
        var run = await StackRunner.RunAsync(stack);

        var vpc = run.Single(ResourceTypes.Vpc);
        Assert.Equal(run.Plan.Subnets.Vpc.ToString(), vpc.Text("cidrBlock"));
        Assert.True(vpc.Flag("enableDnsHostnames"));
        Assert.True(vpc.Flag("enableDnsSupport"));

        Assert.Equal(run.Plan.Subnets.Subnets.Count, run.OfType(ResourceTypes.Subnet).Count);
        var chosen = MockCloud.ZoneNames.Order(StringComparer.Ordinal).Take(zones).ToList();
        foreach (var tier in new[] { SubnetTier.Public, SubnetTier.App, SubnetTier.Data })
        {
            var subnets = run.SubnetsIn(tier);
            Assert.Equal(chosen, subnets.Select(subnet => subnet.Text("availabilityZone")));
            Assert.Equal(
                run.Plan.Subnets.InTier(tier).OrderBy(subnet => subnet.ZoneIndex).Select(subnet => subnet.Cidr.ToString()),
                subnets.Select(subnet => subnet.Text("cidrBlock")));
            Assert.All(subnets, subnet => Assert.Equal(MockCloud.IdOf(vpc.Name!), subnet.Text("vpcId")));
            Assert.All(subnets, subnet => Assert.False(subnet.Flag("mapPublicIpOnLaunch")));
        }

        var zoneLookup = Assert.Single(run.Calls, call => call.Token == ResourceTypes.GetAvailabilityZones);
        Assert.Equal("available", zoneLookup.Args["state"]);
    }

    [Fact]
    public async Task TheZonesAreTheFirstThatOfferTheServersInstanceType()
    {
        var run = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["instanceType"] = "c7i.large" });

        var offerings = Assert.Single(run.Calls, call => call.Token == ResourceTypes.GetInstanceTypeOfferings);
        Assert.Equal("availability-zone", offerings.Args["locationType"]);
        var without = MockCloud.ZonesWithout["c7i.large"];
        var chosen = MockCloud.ZoneNames.Except(without).Order(StringComparer.Ordinal).Take(3).ToList();
        Assert.Equal(["us-east-1a", "us-east-1c", "us-east-1f"], chosen);
        foreach (var tier in new[] { SubnetTier.Public, SubnetTier.App, SubnetTier.Data })
        {
            Assert.Equal(chosen, run.SubnetsIn(tier).Select(subnet => subnet.Text("availabilityZone")));
        }
    }

    [Fact]
    public async Task FewerZonesOfferingTheInstanceTypeThanAzCountStopTheRunSayingWhatToDo()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("prod", new Dictionary<string, string> { ["instanceType"] = "c7i.large", ["azCount"] = "4" }));

        Assert.Contains("only 3 of the 5 availability zones of us-east-1 in this account offer instanceType c7i.large", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("set azCount to 3 or less", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task OnlyThePublicTierRoutesToTheInternetAndTheDataTierRoutesNowhere(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var routes = run.OfType(ResourceTypes.Route);

        var publicTable = MockCloud.IdOf(run.Named(ResourceTypes.RouteTable, run.Plan.Names.PublicRouteTable).Name!);
        var internetRoute = Assert.Single(routes, route => route.Text("routeTableId") == publicTable);
        Assert.Equal(Network.Anywhere, internetRoute.Text("destinationCidrBlock"));
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.InternetGateway).Name!), internetRoute.Text("gatewayId"));

        Assert.All(routes.Where(route => route.Has("gatewayId")), route => Assert.Equal(publicTable, route.Text("routeTableId")));

        var dataTable = MockCloud.IdOf(run.Named(ResourceTypes.RouteTable, run.Plan.Names.DataRouteTable).Name!);
        Assert.DoesNotContain(routes, route => route.Text("routeTableId") == dataTable);
        var associations = run.OfType(ResourceTypes.RouteTableAssociation);
        foreach (var subnetId in run.SubnetIdsIn(SubnetTier.Data))
        {
            Assert.Equal(dataTable, Assert.Single(associations, association => association.Text("subnetId") == subnetId).Text("routeTableId"));
        }

        foreach (var subnetId in run.SubnetIdsIn(SubnetTier.Public))
        {
            Assert.Equal(publicTable, Assert.Single(associations, association => association.Text("subnetId") == subnetId).Text("routeTableId"));
        }
    }

    [Theory]
    [InlineData("dev", 1)]
    [InlineData("prod", 3)]
    public async Task DevSharesOneNatGatewayAndProdHasOneInEachZone(string stack, int natGateways)
    {
        var run = await StackRunner.RunAsync(stack);

        var nats = run.OfType(ResourceTypes.NatGateway);
        Assert.Equal(natGateways, nats.Count);
        Assert.Equal(natGateways, run.OfType(ResourceTypes.Eip).Count);
        var publicSubnets = run.SubnetIdsIn(SubnetTier.Public);
        Assert.All(nats, nat => Assert.Contains(nat.Text("subnetId"), publicSubnets));
        Assert.Equal(natGateways, nats.Select(nat => nat.Text("subnetId")).Distinct().Count());

        // Each app subnet's table sends the internet to a NAT gateway: its own zone's when every zone has one.
        var routes = run.OfType(ResourceTypes.Route);
        var associations = run.OfType(ResourceTypes.RouteTableAssociation);
        var appSubnets = run.SubnetIdsIn(SubnetTier.App);
        var natsUsed = new List<string>();
        for (var zone = 0; zone < appSubnets.Count; zone++)
        {
            var table = Assert.Single(associations, association => association.Text("subnetId") == appSubnets[zone]).Text("routeTableId");
            var route = Assert.Single(routes, candidate => candidate.Text("routeTableId") == table);
            Assert.Equal(Network.Anywhere, route.Text("destinationCidrBlock"));
            var nat = Assert.Single(nats, candidate => MockCloud.IdOf(candidate.Name!) == route.Text("natGatewayId"));
            if (natGateways > 1)
            {
                Assert.Equal(publicSubnets[zone], nat.Text("subnetId"));
            }

            natsUsed.Add(nat.Name!);
        }

        Assert.Equal(natGateways, natsUsed.Distinct().Count());
        Assert.Empty(run.OfType(ResourceTypes.VpcEndpoint));
    }

    [Fact]
    public async Task WithoutNatTheServersReachAwsOnlyThroughVpcEndpoints()
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["natStrategy"] = "none" });

        Assert.Empty(run.OfType(ResourceTypes.NatGateway));
        Assert.Empty(run.OfType(ResourceTypes.Eip));
        Assert.DoesNotContain(run.OfType(ResourceTypes.Route), route => route.Has("natGatewayId"));

        var endpoints = run.OfType(ResourceTypes.VpcEndpoint);
        var interfaces = endpoints.Where(endpoint => endpoint.Text("vpcEndpointType") == "Interface").ToList();
        Assert.Equal(
            EgressPlan.ServerInterfaceServices.Select(service => EgressPlan.ServiceName(MockCloud.Region, service)).Order(StringComparer.Ordinal),
            interfaces.Select(endpoint => endpoint.Text("serviceName")).Order(StringComparer.Ordinal));
        var endpointsGroup = run.SecurityGroupId(Tier.Endpoints);
        Assert.All(interfaces, endpoint =>
        {
            Assert.Equal(new[] { endpointsGroup }, endpoint.Texts("securityGroupIds"));
            Assert.Equal(run.SubnetIdsIn(SubnetTier.App), endpoint.Texts("subnetIds"));
            Assert.True(endpoint.Flag("privateDnsEnabled"));
        });

        var s3 = Assert.Single(endpoints, endpoint => endpoint.Text("vpcEndpointType") == "Gateway");
        Assert.Equal($"com.amazonaws.{MockCloud.Region}.s3", s3.Text("serviceName"));
        var appTables = Enumerable.Range(0, run.Plan.Settings.Network.AzCount)
            .Select(zone => MockCloud.IdOf(run.Named(ResourceTypes.RouteTable, run.Plan.Names.AppRouteTable(zone)).Name!));
        Assert.Equal(appTables, s3.Texts("routeTableIds"));

        var https = Assert.Single(run.IngressRules, rule => rule.Text("securityGroupId") == endpointsGroup);
        Assert.Equal(run.SecurityGroupId(Tier.App), https.Text("referencedSecurityGroupId"));
        Assert.Equal(Ports.Https, https.Number("fromPort"));
        Assert.Equal(Ports.Https, https.Number("toPort"));
    }

    [Fact]
    public async Task TheFlowLogIsCreatedOnlyOnceItsRoleMayWrite()
    {
        // IAM takes a moment to make a policy effective; the mock's policy takes a moment to create.
        var run = await StackRunner.RunAsync("prod", slowToCreate: new HashSet<string> { ResourceTypes.RolePolicy });

        var policy = run.Named(ResourceTypes.RolePolicy, run.Plan.Names.FlowLogPolicy);
        Assert.True(run.CreatedAfter(run.Single(ResourceTypes.FlowLog), policy), "the flow log was created before its role's policy");
    }

    [Fact]
    public async Task ProdSendsFlowLogsToCloudWatchAndDevDoesNot()
    {
        var dev = await StackRunner.RunAsync("dev");
        Assert.Empty(dev.OfType(ResourceTypes.FlowLog));

        var prod = await StackRunner.RunAsync("prod");
        var flowLog = prod.Single(ResourceTypes.FlowLog);
        Assert.Equal(MockCloud.IdOf(prod.Single(ResourceTypes.Vpc).Name!), flowLog.Text("vpcId"));
        Assert.Equal("ALL", flowLog.Text("trafficType"));
        Assert.Equal("cloud-watch-logs", flowLog.Text("logDestinationType"));
        Assert.Equal(MockCloud.LogGroupArnFor(prod.Named(ResourceTypes.LogGroup, prod.Plan.Names.FlowLogGroup).Name!), flowLog.Text("logDestination"));
        var role = prod.Named(ResourceTypes.Role, prod.Plan.Names.FlowLogRole);
        Assert.Equal(MockCloud.ArnFor(role.Name!), flowLog.Text("iamRoleArn"));
        Assert.Contains("vpc-flow-logs.amazonaws.com", role.Text("assumeRolePolicy"), StringComparison.Ordinal);
    }
}
