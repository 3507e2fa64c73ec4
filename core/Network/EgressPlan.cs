// How the app tier reaches AWS and the package repositories: through NAT gateways (one, or one per zone) or, without
// NAT, through VPC endpoints. Which zone's servers leave through which gateway is decided here.
using WebStack.Core.Settings;

namespace WebStack.Core.Network;

/// <param name="NatGatewayZones">Zones (indexes) whose public subnet holds a NAT gateway.</param>
/// <param name="InterfaceEndpointServices">Services reached through interface endpoints in the app subnets (none with NAT).</param>
/// <param name="GatewayEndpointServices">Services reached through gateway endpoints on the app route tables (none with NAT).</param>
public sealed record EgressPlan(
    IReadOnlyList<int> NatGatewayZones,
    IReadOnlyList<string> InterfaceEndpointServices,
    IReadOnlyList<string> GatewayEndpointServices)
{
    /// <summary>Session Manager and its channels, Secrets Manager, and CloudWatch Logs and metrics (the CloudWatch agent):
    /// what a server needs besides S3.</summary>
    public static IReadOnlyList<string> ServerInterfaceServices { get; } = ["ssm", "ssmmessages", "ec2messages", "secretsmanager", "logs", "monitoring"];

    /// <summary>The app package and Amazon Linux's package repositories are both served from S3.</summary>
    public static IReadOnlyList<string> ServerGatewayServices { get; } = ["s3"];

    public static EgressPlan For(NatStrategy strategy, int azCount) => strategy switch
    {
        NatStrategy.None => new([], ServerInterfaceServices, ServerGatewayServices),
        NatStrategy.Single => new([0], [], []),
        NatStrategy.PerAz => new(Enumerable.Range(0, azCount).ToList(), [], []),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    public bool UsesEndpoints => InterfaceEndpointServices.Count > 0 || GatewayEndpointServices.Count > 0;

    /// <summary>The zone whose NAT gateway the app subnet of <paramref name="zone"/> routes through: its own if it has one, else the first.</summary>
    public int? NatZoneFor(int zone) =>
        NatGatewayZones.Count == 0 ? null : NatGatewayZones.Contains(zone) ? zone : NatGatewayZones[0];

    /// <summary>The endpoint service name AWS gives <paramref name="service"/> in <paramref name="region"/>.</summary>
    public static string ServiceName(string region, string service) => $"com.amazonaws.{region}.{service}";
}
