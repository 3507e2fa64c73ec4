// The settings a stack file may hold: the user-facing contract, with what each means and its default per profile.
namespace WebStack.Core.Settings;

/// <param name="Name">The key under the project's namespace (or the full key, for aws:region).</param>
/// <param name="Meaning">One line for the README and the plan.</param>
/// <param name="Default">The default a profile gives it, as a user would write it.</param>
public sealed record SettingKey(string Name, string Meaning, Func<ProfileDefaults, string> Default)
{
    public string DefaultFor(Profile profile) => Default(ProfileDefaults.For(profile));
}

public static class SettingKeys
{
    public const string Region = "aws:region";
    public const string Profile = "profile";
    public const string AzCount = "azCount";
    public const string VpcCidr = "vpcCidr";
    public const string NatStrategy = "natStrategy";
    public const string FlowLogs = "flowLogs";
    public const string InstanceType = "instanceType";
    public const string Ami = "ami";
    public const string RollbackTo = "rollbackTo";
    public const string MinSize = "minSize";
    public const string MaxSize = "maxSize";
    public const string DesiredCapacity = "desiredCapacity";
    public const string ScalingCpuTarget = "scalingCpuTarget";
    public const string AppProcesses = "appProcesses";
    public const string AppBasePort = "appBasePort";
    public const string HealthCheckPath = "healthCheckPath";
    public const string HealthCheckInterval = "healthCheckIntervalSeconds";
    public const string HealthyThreshold = "healthyThreshold";
    public const string UnhealthyThreshold = "unhealthyThreshold";
    public const string DeregistrationDelay = "deregistrationDelaySeconds";
    public const string IngressCidrs = "ingressCidrs";
    public const string CertificateArn = "certificateArn";
    public const string DomainName = "domainName";
    public const string HostedZone = "hostedZone";
    public const string HstsMaxAgeSeconds = "hstsMaxAgeSeconds";
    public const string DbCaCertificate = "dbCaCertificate";
    public const string SshKeyName = "sshKeyName";
    public const string SshCidrs = "sshCidrs";
    public const string DbEngineVersion = "dbEngineVersion";
    public const string DbAutoMinorUpgrade = "dbAutoMinorUpgrade";
    public const string DbInstanceClass = "dbInstanceClass";
    public const string DbAllocatedStorage = "dbAllocatedStorage";
    public const string DbMultiAz = "dbMultiAz";
    public const string DbBackupRetentionDays = "dbBackupRetentionDays";
    public const string DbDeletionProtection = "dbDeletionProtection";
    public const string DbFinalSnapshot = "dbFinalSnapshot";
    public const string EmptyBucketsOnDestroy = "emptyBucketsOnDestroy";
    public const string AlbDeletionProtection = "albDeletionProtection";
    public const string Tags = "tags";
    public const string App = "app";
    public const string Sites = "sites";
    public const string AlarmEmail = "alarmEmail";
    public const string BudgetMarginPercent = "budgetMarginPercent";
    public const string UsageEgressGb = "usageEgressGb";
    public const string UsageAlbLcu = "usageAlbLcu";
    public const string UsageFlowLogGb = "usageFlowLogGb";
    public const string UsageBackupGb = "usageBackupGb";
    public const string UsagePackageGb = "usagePackageGb";
    public const string LogRetentionDays = "logRetentionDays";
    public const string UsageServerLogGb = "usageServerLogGb";
    public const string UsageAlbLogGb = "usageAlbLogGb";
    public const string Waf = "waf";
    public const string WafRateLimit = "wafRateLimit";
    public const string UsageWafRequestsMillion = "usageWafRequestsMillion";
    public const string UsageWafLogGb = "usageWafLogGb";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<SettingKey> All { get; } =
    [
        new(Region, "AWS region of every resource", d => d.Region),
        new(Profile, "which defaults apply: dev (cheap) or prod (resilient)", _ => "prod for stacks named prod…, else dev"),
        new(AzCount, "availability zones the network and the fleet span (2-6)", d => d.Network.AzCount.ToString()),
        new(VpcCidr, "the VPC's private IPv4 range, /16 to /21", d => d.Network.VpcCidr.ToString()),
        new(NatStrategy, "servers' way out: none (VPC endpoints only), single or perAz NAT gateways", d => d.Network.NatStrategy.ToConfigText()),
        new(FlowLogs, "VPC flow logs to CloudWatch Logs", d => Bool(d.Network.FlowLogs)),
        new(InstanceType, "EC2 instance type of the servers (x86_64)", d => d.Fleet.InstanceType),
        new(Ami, "the servers' Amazon Linux 2023 image: {id, name, created}, pinned by `webstack ami update <stack>` (no newer image is taken by itself)", _ => "(none: pulumi preview asks for one)"),
        new(RollbackTo, "hold the servers on an earlier release (as the Releases output, X-Release and WEBSTACK_RELEASE name it): `pulumi up -c webstack:rollbackTo=<release>`; `pulumi config rm` it to deploy builds again", _ => "(none: the build's release)"),
        new(MinSize, "fewest servers the auto-scaling group keeps", d => d.Fleet.MinSize.ToString()),
        new(MaxSize, "most servers the auto-scaling group may run", d => d.Fleet.MaxSize.ToString()),
        new(DesiredCapacity, "servers at creation (later scaling is left alone)", d => d.Fleet.DesiredCapacity.ToString()),
        new(ScalingCpuTarget, "average CPU % the target-tracking policy scales to (10-90)", d => d.Fleet.ScalingCpuTarget.ToString()),
        new(AppProcesses, "app processes per server behind nginx (1-16)", d => d.Fleet.AppProcesses.ToString()),
        new(AppBasePort, "loopback port of the first app process; the others follow", d => d.Fleet.AppBasePort.ToString()),
        new(HealthCheckPath, "path the load balancer checks on nginx", d => d.HealthCheck.Path),
        new(HealthCheckInterval, "seconds between load balancer health checks (5-300)", d => d.HealthCheck.IntervalSeconds.ToString()),
        new(HealthyThreshold, "passed checks before a server gets traffic (2-10)", d => d.HealthCheck.HealthyThreshold.ToString()),
        new(UnhealthyThreshold, "failed checks before a server stops getting traffic (2-10)", d => d.HealthCheck.UnhealthyThreshold.ToString()),
        new(DeregistrationDelay, "seconds a leaving server keeps its requests in flight; none new reach it (0-3600)", d => d.Deployment.DeregistrationDelaySeconds.ToString()),
        new(IngressCidrs, "who may reach the load balancer (IPv4 CIDRs)", d => string.Join(",", d.IngressCidrs)),
        new(Waf, "AWS WAF on the load balancer: AWS's common and known-bad-inputs rule groups and a rate limit per client address, logged", d => Bool(d.Waf.Enabled)),
        new(WafRateLimit, "requests one client address may send in 5 minutes before WAF blocks it (100-2000000000; with waf)", d => Number(d.Waf.RateLimit)),
        new(CertificateArn, "ACM certificate made elsewhere: turns on HTTPS and redirects HTTP to it; with domainName, used instead of requesting one", _ => "(none: HTTP only)"),
        new(DomainName, "the stack's own name, e.g. www.example.com: an ACM certificate validated through DNS, HTTPS, alias records (A, and AAAA when dualstack); needs hostedZone", _ => "(none: the load balancer's DNS name)"),
        new(HostedZone, "the public Route 53 hosted zone of domainName: its domain (example.com) or its id (Z...); needs domainName", _ => "(none)"),
        new(HstsMaxAgeSeconds, "Strict-Transport-Security max-age nginx sends over HTTPS (0: no HSTS; at most 63072000)", d => d.Tls.HstsMaxAgeSeconds.ToString()),
        new(DbCaCertificate, "RDS certificate authority of the database's certificate, which the servers verify: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1", d => d.Tls.DatabaseCaIdentifier),
        new(SshKeyName, "EC2 key pair for SSH; needs sshCidrs", _ => "(none: no SSH, SSM Session Manager)"),
        new(SshCidrs, "admin ranges SSH is allowed from; needs sshKeyName", _ => "(none)"),
        new(DbEngineVersion, "PostgreSQL version on RDS: the major (minors follow RDS), or major.minor with dbAutoMinorUpgrade off", d => d.Database.EngineVersion),
        new(DbAutoMinorUpgrade, "RDS applies minor version upgrades in the maintenance window", d => Bool(d.Database.AutoMinorUpgrade)),
        new(DbInstanceClass, "RDS instance class", d => d.Database.InstanceClass),
        new(DbAllocatedStorage, "database storage in GB (20-65536)", d => d.Database.AllocatedStorageGb.ToString()),
        new(DbMultiAz, "standby database in a second zone", d => Bool(d.Database.MultiAz)),
        new(DbBackupRetentionDays, "days of automated backups (0-35)", d => d.Database.BackupRetentionDays.ToString()),
        new(DbDeletionProtection, "refuse to delete the database", d => Bool(d.Database.DeletionProtection)),
        new(DbFinalSnapshot, "take a snapshot when the database is deleted", d => Bool(d.Database.FinalSnapshot)),
        new(AlbDeletionProtection, "refuse to delete the load balancer (and with it the stack's address)", d => Bool(d.AlbDeletionProtection)),
        new(EmptyBucketsOnDestroy, "let pulumi destroy delete the package and access-log buckets with what is in them (S3's force destroy)", d => Bool(d.EmptyBucketsOnDestroy)),
        new(Tags, "extra tags on every resource (a map)", _ => "(none)"),
        new(App, "the app the servers run: {project, package or jar; command, healthPath, releaseCommand, staticDir, staticPath, env, secrets, ...} (see What your app gets)", _ => "the sample app (app/WebStack.App)"),
        new(Sites, "extra apps on the same servers: list of {name, serverName, processes, app}; a site without app runs the default one", _ => "(none)"),
        new(AlarmEmail, "address that gets the stack's alarms and budget warnings", _ => "(none: no notifications)"),
        new(BudgetMarginPercent, "AWS Budgets monthly limit: the cost estimate at maxSize plus this margin (0-1000; 0: no budget)", d => d.Cost.BudgetMarginPercent.ToString()),
        new(UsageEgressGb, "cost estimate: GB a month through the NAT gateways, or the VPC endpoints without NAT", d => Number(d.Cost.Usage.EgressGb)),
        new(UsageAlbLcu, "cost estimate: load balancer capacity units (LCU) used on average", d => Number(d.Cost.Usage.AlbLcu)),
        new(UsageFlowLogGb, "cost estimate: GB of VPC flow logs a month (with flowLogs)", d => Number(d.Cost.Usage.FlowLogGb)),
        new(UsageBackupGb, "cost estimate: GB of database backups beyond the free amount", d => Number(d.Cost.Usage.BackupGb)),
        new(UsagePackageGb, "cost estimate: GB of app packages kept in S3", d => Number(d.Cost.Usage.PackageGb)),
        new(LogRetentionDays, "days CloudWatch Logs keeps the servers' logs and S3 the load balancer's access logs (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653)", d => d.Monitoring.LogRetentionDays.ToString()),
        new(UsageServerLogGb, "cost estimate: GB of server logs (nginx's and the app's) a month into CloudWatch Logs", d => Number(d.Monitoring.ServerLogGb)),
        new(UsageAlbLogGb, "cost estimate: GB of load balancer access logs a month into S3", d => Number(d.Monitoring.AlbLogGb)),
        new(UsageWafRequestsMillion, "cost estimate: millions of requests a month WAF inspects (with waf)", d => Number(d.Waf.RequestsMillion)),
        new(UsageWafLogGb, "cost estimate: GB of WAF logs a month into CloudWatch Logs (with waf)", d => Number(d.Waf.LogGb)),
    ];

    public static bool IsKnown(string name) => All.Any(key => key.Name == name);
}
