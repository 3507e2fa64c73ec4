// The tiers of the architecture that get a security group of their own.
namespace WebStack.Core.Firewall;

public enum Tier
{
    /// <summary>The Application Load Balancer in the public subnets: the only thing clients talk to.</summary>
    LoadBalancer,

    /// <summary>The servers (nginx and the app processes) in the private app subnets.</summary>
    App,

    /// <summary>The RDS PostgreSQL database in the isolated data subnets.</summary>
    Database,

    /// <summary>VPC interface endpoints for AWS APIs, present only when there is no NAT gateway.</summary>
    Endpoints,
}
