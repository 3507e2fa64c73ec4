// The validated, typed settings of one stack: everything the plan, the servers and the Pulumi program are built from.
using System.Net;
using WebStack.Core.Apps;
using WebStack.Core.Cost;

namespace WebStack.Core.Settings;

public sealed record StackSettings
{
    public required string Project { get; init; }
    public required string Stack { get; init; }
    public required Profile Profile { get; init; }
    public required string Region { get; init; }
    public required NetworkSettings Network { get; init; }
    public required FleetSettings Fleet { get; init; }

    /// <summary>The image every server boots from; null until `webstack ami update` pins one (the program then refuses to run).</summary>
    public Images.PinnedImage? Image { get; init; }

    /// <summary>An earlier release (the default site's name for it) the servers are held on instead of the build's; null deploys the build.</summary>
    public string? RollbackTo { get; init; }
    public required HealthCheckSettings HealthCheck { get; init; }
    public required DeploymentSettings Deployment { get; init; }
    public required IReadOnlyList<IPNetwork> IngressCidrs { get; init; }

    /// <summary>The web application firewall on the load balancer, and what the estimate assumes of it.</summary>
    public required WafSettings Waf { get; init; }

    /// <summary>ACM certificate made elsewhere for HTTPS on the load balancer; with a domain it replaces the one the stack requests.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>The stack's name, HSTS and the database's certificate authority.</summary>
    public required TlsSettings Tls { get; init; }

    /// <summary>SSH into the servers; null (the default) means no SSH at all, only SSM Session Manager.</summary>
    public SshAccess? Ssh { get; init; }

    public required DatabaseSettings Database { get; init; }

    /// <summary>Whether AWS refuses to delete the load balancer (on in prod until a teardown turns it off).</summary>
    public bool AlbDeletionProtection { get; init; }

    /// <summary>Whether a destroy deletes the buckets with their packages and access logs (off in prod until a teardown).</summary>
    public bool EmptyBucketsOnDestroy { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The default site's app: the bundled sample unless `app` names the user's own.</summary>
    public required AppSettings App { get; init; }

    /// <summary>Extra apps on the same servers, each behind its own server_name (the default app answers every other host).</summary>
    public required IReadOnlyList<SiteSettings> Sites { get; init; }

    /// <summary>What the cost estimate assumes about usage, and the budget's margin over it.</summary>
    public required CostSettings Cost { get; init; }

    /// <summary>Where the stack's alarms and budget warnings go; null sends none.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>How long logs are kept, and what the cost estimate assumes about their volume.</summary>
    public required MonitoringSettings Monitoring { get; init; }

    /// <summary>The load balancer serves HTTPS (and redirects HTTP to it): with a certificate given or a domain to request one for.</summary>
    public bool HttpsEnabled => CertificateArn is not null || Tls.Domain is not null;

    /// <summary>The stack requests (and validates through DNS) a certificate of its own: a domain and no certificateArn.</summary>
    public bool RequestsCertificate => Tls.Domain is not null && CertificateArn is null;

    /// <summary>
    /// The load balancer answers on IPv6 too (dualstack, with an AAAA record): when the stack has a name and is open to
    /// everyone. ingressCidrs lists IPv4 ranges, so a stack open to some of them only stays IPv4, and no IPv6 client is
    /// sent to an address that would refuse it.
    /// </summary>
    public bool DualStack => Tls.Domain is not null && IngressCidrs.Any(cidr => cidr.PrefixLength == 0);
}

public sealed record NetworkSettings(int AzCount, IPNetwork VpcCidr, NatStrategy NatStrategy, bool FlowLogs);

public sealed record FleetSettings(
    string InstanceType,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    int AppProcesses,
    int AppBasePort,
    int ScalingCpuTarget);

/// <summary>How the load balancer decides a server is fit for traffic; the same values drive the local stand-in.</summary>
public sealed record HealthCheckSettings(string Path, int IntervalSeconds, int HealthyThreshold, int UnhealthyThreshold)
{
    /// <summary>A check must time out before the next one starts; 5 s, or less when checks are more frequent.</summary>
    public int TimeoutSeconds => Math.Min(5, IntervalSeconds - 1);

    /// <summary>Longest time a dead server can still be sent requests: the checks it takes to be marked down.</summary>
    public int DetectionWindowSeconds => IntervalSeconds * UnhealthyThreshold;
}

/// <param name="DeregistrationDelaySeconds">How long the load balancer drains a leaving server's requests in flight.</param>
public sealed record DeploymentSettings(int DeregistrationDelaySeconds);

/// <param name="BudgetMarginPercent">The budget's limit over the estimate at maxSize, in percent; 0 creates no budget.</param>
public sealed record CostSettings(UsageAssumptions Usage, int BudgetMarginPercent);

public sealed record SshAccess(string KeyName, IReadOnlyList<IPNetwork> Cidrs);

public sealed record DatabaseSettings(
    string EngineVersion,
    string InstanceClass,
    int AllocatedStorageGb,
    bool MultiAz,
    int BackupRetentionDays,
    bool DeletionProtection,
    bool FinalSnapshot,
    bool AutoMinorUpgrade = true);

/// <param name="Name">Short name used for its upstream, its systemd units and its counter, e.g. "blog".</param>
/// <param name="ServerName">The host name nginx routes to it, e.g. "blog.example.com".</param>
/// <param name="Processes">How many processes of the app serve it on each server.</param>
/// <param name="App">Its own app; null runs the default site's.</param>
public sealed record SiteSettings(string Name, string ServerName, int Processes, AppSettings? App = null);
