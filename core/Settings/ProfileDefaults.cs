// The defaults of each profile. Every setting has one, so an empty stack file is a working stack.
using System.Net;
using WebStack.Core.Cost;
using WebStack.Core.Database;

namespace WebStack.Core.Settings;

public sealed record ProfileDefaults(
    string Region,
    NetworkSettings Network,
    FleetSettings Fleet,
    HealthCheckSettings HealthCheck,
    DeploymentSettings Deployment,
    IReadOnlyList<IPNetwork> IngressCidrs,
    DatabaseSettings Database,
    CostSettings Cost,
    TlsDefaults Tls,
    MonitoringSettings Monitoring,
    bool EmptyBucketsOnDestroy,
    WafSettings Waf,
    bool AlbDeletionProtection)
{
    private static readonly IReadOnlyList<IPNetwork> Everyone = [IPNetwork.Parse("0.0.0.0/0")];

    /// <summary>Cheap and quick to destroy: two zones, one NAT gateway, one small server, a single-AZ micro database.</summary>
    public static ProfileDefaults Dev { get; } = new(
        Region: "us-east-1",
        Network: new NetworkSettings(AzCount: 2, IPNetwork.Parse("10.0.0.0/16"), NatStrategy.Single, FlowLogs: false),
        Fleet: new FleetSettings("t3.small", MinSize: 1, MaxSize: 2, DesiredCapacity: 1, AppProcesses: 2, AppBasePort: 5001, ScalingCpuTarget: 60),
        HealthCheck: new HealthCheckSettings("/healthz", IntervalSeconds: 10, HealthyThreshold: 2, UnhealthyThreshold: 2),
        Deployment: new DeploymentSettings(DeregistrationDelaySeconds: 10),
        IngressCidrs: Everyone,
        Database: new DatabaseSettings("17", "db.t4g.micro", AllocatedStorageGb: 20, MultiAz: false, BackupRetentionDays: 1,
            DeletionProtection: false, FinalSnapshot: false),
        Cost: new CostSettings(
            new UsageAssumptions(EgressGb: 10, AlbLcu: 1, FlowLogGb: 1, BackupGb: 0, PackageGb: 1),
            BudgetMarginPercent: 20),
        // A day of HSTS: a dev name that later goes back to plain HTTP isn't pinned in browsers for long.
        Tls: new TlsDefaults(HstsMaxAgeSeconds: 86_400, DatabaseCaIdentifier: RdsCaIdentifiers.Rsa2048),
        Monitoring: new MonitoringSettings(LogRetentionDays: 7, ServerLogGb: 1, AlbLogGb: 1),
        EmptyBucketsOnDestroy: true,
        // No firewall in dev: its fixed $8 a month is more than a small dev stack's load balancer costs.
        Waf: new WafSettings(Enabled: false, RateLimit: 2000, RequestsMillion: 1, LogGb: 1),
        AlbDeletionProtection: false);

    /// <summary>Resilient: three zones with a NAT gateway each, a server per zone, a Multi-AZ database that is protected and backed up.</summary>
    public static ProfileDefaults Prod { get; } = new(
        Region: "us-east-1",
        Network: new NetworkSettings(AzCount: 3, IPNetwork.Parse("10.0.0.0/16"), NatStrategy.PerAz, FlowLogs: true),
        Fleet: new FleetSettings("m7i.large", MinSize: 3, MaxSize: 9, DesiredCapacity: 3, AppProcesses: 2, AppBasePort: 5001, ScalingCpuTarget: 60),
        HealthCheck: new HealthCheckSettings("/healthz", IntervalSeconds: 10, HealthyThreshold: 2, UnhealthyThreshold: 2),
        Deployment: new DeploymentSettings(DeregistrationDelaySeconds: 30),
        IngressCidrs: Everyone,
        Database: new DatabaseSettings("17", "db.m7g.large", AllocatedStorageGb: 100, MultiAz: true, BackupRetentionDays: 14,
            DeletionProtection: true, FinalSnapshot: true),
        Cost: new CostSettings(
            new UsageAssumptions(EgressGb: 100, AlbLcu: 2, FlowLogGb: 20, BackupGb: 50, PackageGb: 1),
            BudgetMarginPercent: 20),
        // A year: what browsers' preload lists ask for, and long enough that a returning visitor never tries HTTP.
        Tls: new TlsDefaults(HstsMaxAgeSeconds: 31_536_000, DatabaseCaIdentifier: RdsCaIdentifiers.Rsa2048),
        Monitoring: new MonitoringSettings(LogRetentionDays: 90, ServerLogGb: 20, AlbLogGb: 10),
        // Packages and access logs outlive a stray destroy; a deliberate teardown turns this on first (docs/runbook.md).
        EmptyBucketsOnDestroy: false,
        Waf: new WafSettings(Enabled: true, RateLimit: 2000, RequestsMillion: 30, LogGb: 5),
        AlbDeletionProtection: true);

    public static ProfileDefaults For(Profile profile) => profile == Profile.Prod ? Prod : Dev;
}

/// <param name="HstsMaxAgeSeconds">Strict-Transport-Security's max-age when the stack serves HTTPS.</param>
/// <param name="DatabaseCaIdentifier">The RDS certificate authority the database's certificate comes from.</param>
public sealed record TlsDefaults(int HstsMaxAgeSeconds, string DatabaseCaIdentifier);
