// The stack's name in DNS: alias records in its hosted zone pointing at the load balancer, A always and AAAA when the
// load balancer is dualstack. Alias records follow the load balancer's changing addresses by themselves, cost nothing
// to query, and work at a zone's apex where a CNAME can't. An existing record of the same name is never overwritten.
using Pulumi;
using WebStack.Core;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="ZoneId">The hosted zone the records go in.</param>
/// <param name="LoadBalancerDnsName">The load balancer's DNS name and canonical hosted zone: the alias target.</param>
public sealed record SiteDnsArgs(StackPlan Plan, Output<string> ZoneId, Output<string> LoadBalancerDnsName, Output<string> LoadBalancerZoneId);

public sealed class SiteDns : ComponentResource
{
    public const string TypeToken = "webstack:dns:SiteDns";

    public SiteDns(string name, SiteDnsArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var domain = plan.Settings.Tls.Domain ?? throw new InvalidOperationException("DNS records need the stack's domain");
        var types = plan.Settings.DualStack ? new[] { "A", "AAAA" } : ["A"];
        Records = types.Select(type => new Aws.Route53.Record(plan.Names.AliasRecord(type).Logical, new Aws.Route53.RecordArgs
        {
            ZoneId = args.ZoneId,
            Name = domain.Name,
            Type = type,
            Aliases =
            {
                new Aws.Route53.Inputs.RecordAliasArgs
                {
                    Name = args.LoadBalancerDnsName,
                    ZoneId = args.LoadBalancerZoneId,
                    // Lets a failover or weighted record added later skip a load balancer with no healthy target (with
                    // this one record alone, Route 53 answers with it regardless).
                    EvaluateTargetHealth = true,
                },
            },
            AllowOverwrite = false,
        }, new CustomResourceOptions { Parent = this })).ToList();

        // Known once the records exist, so what points people at the name comes after the name works.
        Name = Output.All(Records.Select(record => record.Fqdn)).Apply(_ => domain.Name);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["recordTypes"] = string.Join(",", types),
        });
    }

    public IReadOnlyList<Aws.Route53.Record> Records { get; }

    public Output<string> Name { get; }
}
