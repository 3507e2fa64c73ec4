// The network: a VPC cut into the core's public, app (private) and data (isolated) subnets across the chosen zones,
// an internet gateway for the public tier, NAT gateways for the app tier's way out (none, one, or one per zone), and
// no route out of the VPC at all for the data tier. With flow logs on, every flow goes to CloudWatch Logs. A dualstack
// stack also gets an Amazon-provided IPv6 /56, a /64 per public subnet and an IPv6 route to the internet gateway there,
// for the load balancer only: servers and the database stay IPv4, in subnets without IPv6.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Naming;
using WebStack.Core.Network;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record NetworkArgs(StackPlan Plan);

public sealed class Network : ComponentResource
{
    public const string TypeToken = "webstack:network:Network";

    public const string Anywhere = "0.0.0.0/0";

    public const string AnywhereIpv6 = "::/0";

    public Network(string name, NetworkArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var settings = plan.Settings;

        var vpcName = names.Vpc;
        Vpc = new Aws.Ec2.Vpc(vpcName.Logical, new Aws.Ec2.VpcArgs
        {
            CidrBlock = plan.Subnets.Vpc.ToString(),
            EnableDnsHostnames = true,
            EnableDnsSupport = true,
            AssignGeneratedIpv6CidrBlock = settings.DualStack,
            Tags = Tagging.For(plan, vpcName),
        }, Child());

        // The VPC's own default security group, which nothing here uses, allows nothing (EC2.2): a resource given it by
        // mistake reaches nothing and can't be reached.
        _ = new Aws.Ec2.DefaultSecurityGroup(names.DefaultSecurityGroup.Logical, new Aws.Ec2.DefaultSecurityGroupArgs
        {
            VpcId = Vpc.Id,
            Tags = Tagging.For(plan, names.DefaultSecurityGroup),
        }, Child());

        // The first azCount zones (by name) that need no opt-in and offer the servers' instance type: the same zones on every run.
        var offerings = Aws.Ec2.GetInstanceTypeOfferings.Invoke(new Aws.Ec2.GetInstanceTypeOfferingsInvokeArgs
        {
            LocationType = "availability-zone",
            Filters =
            {
                new Aws.Ec2.Inputs.GetInstanceTypeOfferingsFilterInputArgs
                {
                    Name = "instance-type",
                    Values = { settings.Fleet.InstanceType },
                },
            },
        }, new InvokeOptions { Parent = this });
        var zones = Aws.GetAvailabilityZones.Invoke(new Aws.GetAvailabilityZonesInvokeArgs
        {
            State = "available",
            Filters =
            {
                new Aws.Inputs.GetAvailabilityZonesFilterInputArgs
                {
                    Name = "opt-in-status",
                    Values = { "opt-in-not-required" },
                },
            },
        }, new InvokeOptions { Parent = this });
        Zones = Output.Tuple(zones, offerings).Apply(values =>
            AvailabilityZones.Choose(values.Item1.Names, values.Item2.Locations, settings.Fleet.InstanceType, settings.Network.AzCount, settings.Region));

        var subnets = new List<(PlannedSubnet Planned, Aws.Ec2.Subnet Subnet)>();
        foreach (var planned in plan.Subnets.Subnets)
        {
            var subnetName = names.Subnet(planned);
            var zoneIndex = planned.ZoneIndex;
            var subnetArgs = new Aws.Ec2.SubnetArgs
            {
                VpcId = Vpc.Id,
                CidrBlock = planned.Cidr.ToString(),
                AvailabilityZone = Zones.Apply(zones => zones[zoneIndex]),
                // Nothing in any tier gets a public address of its own: the load balancer and NAT gateways have theirs.
                MapPublicIpOnLaunch = false,
                Tags = Tagging.For(plan, subnetName),
            };
            if (settings.DualStack && planned.Tier == SubnetTier.Public)
            {
                // The load balancer's subnets only; nothing launched there is given an IPv6 address by itself either.
                subnetArgs.Ipv6CidrBlock = Vpc.Ipv6CidrBlock.Apply(block => Ipv6Subnets.SubnetOf(block, zoneIndex));
                subnetArgs.AssignIpv6AddressOnCreation = false;
            }

            subnets.Add((planned, new Aws.Ec2.Subnet(subnetName.Logical, subnetArgs, Child())));
        }

        IReadOnlyList<Aws.Ec2.Subnet> InTier(SubnetTier tier) =>
            subnets.Where(pair => pair.Planned.Tier == tier).OrderBy(pair => pair.Planned.ZoneIndex).Select(pair => pair.Subnet).ToList();

        PublicSubnets = InTier(SubnetTier.Public);
        AppSubnets = InTier(SubnetTier.App);
        DataSubnets = InTier(SubnetTier.Data);

        var gatewayName = names.InternetGateway;
        var internetGateway = new Aws.Ec2.InternetGateway(gatewayName.Logical, new Aws.Ec2.InternetGatewayArgs
        {
            VpcId = Vpc.Id,
            Tags = Tagging.For(plan, gatewayName),
        }, Child());

        var publicTable = RouteTable(plan, names.PublicRouteTable);
        _ = new Aws.Ec2.Route(names.PublicInternetRoute.Logical, new Aws.Ec2.RouteArgs
        {
            RouteTableId = publicTable.Id,
            DestinationCidrBlock = Anywhere,
            GatewayId = internetGateway.Id,
        }, Child());
        if (settings.DualStack)
        {
            _ = new Aws.Ec2.Route(names.PublicInternetRouteIpv6.Logical, new Aws.Ec2.RouteArgs
            {
                RouteTableId = publicTable.Id,
                DestinationIpv6CidrBlock = AnywhereIpv6,
                GatewayId = internetGateway.Id,
            }, Child());
        }

        Associate(plan, SubnetTier.Public, PublicSubnets, _ => publicTable);

        var natGateways = new Dictionary<int, Aws.Ec2.NatGateway>();
        foreach (var zone in plan.Egress.NatGatewayZones)
        {
            var eipName = names.NatElasticIp(zone);
            var eip = new Aws.Ec2.Eip(eipName.Logical, new Aws.Ec2.EipArgs
            {
                Domain = "vpc",
                Tags = Tagging.For(plan, eipName),
            }, Child());
            var natName = names.NatGateway(zone);
            natGateways.Add(zone, new Aws.Ec2.NatGateway(natName.Logical, new Aws.Ec2.NatGatewayArgs
            {
                AllocationId = eip.AllocationId,
                SubnetId = PublicSubnets[zone].Id,
                ConnectivityType = "public",
                Tags = Tagging.For(plan, natName),
            }, new CustomResourceOptions { Parent = this, DependsOn = { internetGateway } }));
        }

        // One route table per zone for the app tier, so each zone leaves through its own NAT gateway where it has one.
        var appTables = new List<Aws.Ec2.RouteTable>();
        for (var zone = 0; zone < settings.Network.AzCount; zone++)
        {
            var table = RouteTable(plan, names.AppRouteTable(zone));
            appTables.Add(table);
            if (plan.Egress.NatZoneFor(zone) is { } natZone)
            {
                _ = new Aws.Ec2.Route(names.AppInternetRoute(zone).Logical, new Aws.Ec2.RouteArgs
                {
                    RouteTableId = table.Id,
                    DestinationCidrBlock = Anywhere,
                    NatGatewayId = natGateways[natZone].Id,
                }, Child());
            }
        }

        Associate(plan, SubnetTier.App, AppSubnets, zone => appTables[zone]);

        // The data tier's table has the VPC's local route only: the database can't reach, or be reached from, outside.
        var dataTable = RouteTable(plan, names.DataRouteTable);
        Associate(plan, SubnetTier.Data, DataSubnets, _ => dataTable);

        if (settings.Network.FlowLogs)
        {
            AddFlowLogs(plan);
        }

        NatGateways = natGateways.OrderBy(entry => entry.Key).Select(entry => entry.Value).ToList();
        AppRouteTables = appTables;
        VpcId = Vpc.Id;
        PublicSubnetIds = Output.All(PublicSubnets.Select(subnet => subnet.Id));
        AppSubnetIds = Output.All(AppSubnets.Select(subnet => subnet.Id));
        DataSubnetIds = Output.All(DataSubnets.Select(subnet => subnet.Id));
        AppRouteTableIds = Output.All(appTables.Select(table => table.Id));

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["vpcId"] = VpcId,
            ["zones"] = Zones.Apply(zones => zones.ToImmutableArray()),
            ["publicSubnetIds"] = PublicSubnetIds,
            ["appSubnetIds"] = AppSubnetIds,
            ["dataSubnetIds"] = DataSubnetIds,
        });
    }

    public Aws.Ec2.Vpc Vpc { get; }

    /// <summary>The zones the stack uses, in the order of the plan's zone indexes.</summary>
    public Output<IReadOnlyList<string>> Zones { get; }

    public IReadOnlyList<Aws.Ec2.Subnet> PublicSubnets { get; }

    public IReadOnlyList<Aws.Ec2.Subnet> AppSubnets { get; }

    public IReadOnlyList<Aws.Ec2.Subnet> DataSubnets { get; }

    public IReadOnlyList<Aws.Ec2.NatGateway> NatGateways { get; }

    public IReadOnlyList<Aws.Ec2.RouteTable> AppRouteTables { get; }

    public Output<string> VpcId { get; }

    public Output<ImmutableArray<string>> PublicSubnetIds { get; }

    public Output<ImmutableArray<string>> AppSubnetIds { get; }

    public Output<ImmutableArray<string>> DataSubnetIds { get; }

    public Output<ImmutableArray<string>> AppRouteTableIds { get; }

    private CustomResourceOptions Child() => new() { Parent = this };

    private Aws.Ec2.RouteTable RouteTable(StackPlan plan, PlannedName tableName)
    {
        return new Aws.Ec2.RouteTable(tableName.Logical, new Aws.Ec2.RouteTableArgs
        {
            VpcId = Vpc.Id,
            Tags = Tagging.For(plan, tableName),
        }, Child());
    }

    private void Associate(StackPlan plan, SubnetTier tier, IReadOnlyList<Aws.Ec2.Subnet> subnets, Func<int, Aws.Ec2.RouteTable> tableOf)
    {
        for (var zone = 0; zone < subnets.Count; zone++)
        {
            _ = new Aws.Ec2.RouteTableAssociation(plan.Names.RouteTableAssociation(tier, zone).Logical, new Aws.Ec2.RouteTableAssociationArgs
            {
                SubnetId = subnets[zone].Id,
                RouteTableId = tableOf(zone).Id,
            }, Child());
        }
    }

    private void AddFlowLogs(StackPlan plan)
    {
        var names = plan.Names;
        var logGroupName = names.FlowLogGroup;
        var logGroup = new Aws.CloudWatch.LogGroup(logGroupName.Logical, new Aws.CloudWatch.LogGroupArgs
        {
            RetentionInDays = plan.Lifecycle.FlowLogRetentionDays,
            Tags = Tagging.For(plan, logGroupName),
        }, Child());

        var roleName = names.FlowLogRole;
        var role = new Aws.Iam.Role(roleName.Logical, new Aws.Iam.RoleArgs
        {
            Description = $"Lets VPC flow logs of {names.Base} write to their log group",
            AssumeRolePolicy = PolicyDocuments.AssumeRole("vpc-flow-logs.amazonaws.com"),
            Tags = Tagging.For(plan, roleName),
        }, Child());

        var policy = new Aws.Iam.RolePolicy(names.FlowLogPolicy.Logical, new Aws.Iam.RolePolicyArgs
        {
            Role = role.Name,
            Policy = logGroup.Arn.Apply(arn => PolicyDocuments.Allow(new PolicyStatement(
                "WriteFlowLogs",
                ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                [arn, $"{arn}:*"]))),
        }, Child());

        // After the policy: with a role that may not write yet, the flow log's first deliveries fail.
        var flowLogName = names.FlowLog;
        _ = new Aws.Ec2.FlowLog(flowLogName.Logical, new Aws.Ec2.FlowLogArgs
        {
            VpcId = Vpc.Id,
            TrafficType = "ALL",
            LogDestinationType = "cloud-watch-logs",
            LogDestination = logGroup.Arn,
            IamRoleArn = role.Arn,
            MaxAggregationInterval = 60,
            Tags = Tagging.For(plan, flowLogName),
        }, new CustomResourceOptions { Parent = this, DependsOn = [policy] });
    }
}
