// Without NAT gateways (natStrategy none) the servers have no way to the internet, so AWS comes to them: interface
// endpoints for Systems Manager (Session Manager) and Secrets Manager in the app subnets, behind the endpoints tier's
// security group, and a gateway endpoint for S3 on the app route tables (the app package and Amazon Linux's
// package repositories, which are served from S3).
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Network;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record VpcEndpointsArgs(
    StackPlan Plan,
    Output<string> VpcId,
    Output<ImmutableArray<string>> AppSubnetIds,
    Output<ImmutableArray<string>> AppRouteTableIds,
    Output<string> SecurityGroupId);

public sealed class VpcEndpoints : ComponentResource
{
    public const string TypeToken = "webstack:network:VpcEndpoints";


    public VpcEndpoints(string name, VpcEndpointsArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var region = plan.Settings.Region;
        var endpoints = new List<Aws.Ec2.VpcEndpoint>();
        foreach (var service in plan.Egress.InterfaceEndpointServices)
        {
            var endpointName = plan.Names.Endpoint(service);
            endpoints.Add(new Aws.Ec2.VpcEndpoint(endpointName.Logical, new Aws.Ec2.VpcEndpointArgs
            {
                VpcId = args.VpcId,
                ServiceName = EgressPlan.ServiceName(region, service),
                VpcEndpointType = "Interface",
                SubnetIds = args.AppSubnetIds,
                SecurityGroupIds = { args.SecurityGroupId },
                PrivateDnsEnabled = true,
                Tags = Tagging.For(plan, endpointName),
            }, Child()));
        }

        foreach (var service in plan.Egress.GatewayEndpointServices)
        {
            var endpointName = plan.Names.Endpoint(service);
            endpoints.Add(new Aws.Ec2.VpcEndpoint(endpointName.Logical, new Aws.Ec2.VpcEndpointArgs
            {
                VpcId = args.VpcId,
                ServiceName = EgressPlan.ServiceName(region, service),
                VpcEndpointType = "Gateway",
                RouteTableIds = args.AppRouteTableIds,
                Tags = Tagging.For(plan, endpointName),
            }, Child()));
        }

        Endpoints = endpoints;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["endpointIds"] = Output.All(endpoints.Select(endpoint => endpoint.Id)),
        });
    }

    public IReadOnlyList<Aws.Ec2.VpcEndpoint> Endpoints { get; }

    private CustomResourceOptions Child() => new() { Parent = this };
}
