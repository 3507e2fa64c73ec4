// What the usage-driven part of the cost depends on and no plan can know: traffic, load and log volume per month.
namespace WebStack.Core.Cost;

/// <param name="EgressGb">GB a month the servers exchange with the internet and AWS APIs through the NAT gateways, or
/// through the interface endpoints without NAT.</param>
/// <param name="AlbLcu">Load balancer capacity units used on average (1 LCU: 25 new connections/s, 3,000 active, 1 GB/h).</param>
/// <param name="FlowLogGb">GB of VPC flow logs a month (only with flowLogs).</param>
/// <param name="BackupGb">GB of database backups beyond the free amount (as much as the database's storage).</param>
/// <param name="PackageGb">GB of app packages kept in the package bucket.</param>
public sealed record UsageAssumptions(decimal EgressGb, decimal AlbLcu, decimal FlowLogGb, decimal BackupGb, decimal PackageGb);
