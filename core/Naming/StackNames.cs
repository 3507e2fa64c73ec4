// The name of everything a stack builds, each fitted to its kind's rule: the Pulumi program takes its names from here,
// the offline plan shows them, and the tests check them all against AWS's rules for every stack name a user can pick.
// All lists exactly the resources the program registers for these settings (the mocks tests hold it to that).
using WebStack.Core.Firewall;
using WebStack.Core.Monitoring;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core.Naming;

public sealed class StackNames
{
    private readonly ResourceNames _names;
    private readonly Dictionary<string, PlannedName> _byLogical;

    public StackNames(
        ResourceNames names,
        StackSettings settings,
        SubnetPlan subnets,
        EgressPlan egress,
        IReadOnlyList<TrafficRule> rules,
        IReadOnlyList<SecurityGroupRule> groupRules,
        bool budget)
    {
        _names = names;
        All = [.. Enumerate(settings, subnets, egress, rules, groupRules, budget)];
        _byLogical = All.ToDictionary(name => name.Logical, StringComparer.Ordinal);
    }

    public string Base => _names.Base;

    /// <summary>Every name the stack uses, in the order the program makes them.</summary>
    public IReadOnlyList<PlannedName> All { get; }

    public PlannedName Provider => Name(NameRules.Unnamed, "aws");

    public PlannedName NetworkPart => Name(NameRules.Unnamed, "network");

    public PlannedName FirewallPart => Name(NameRules.Unnamed, "firewall");

    public PlannedName EndpointsPart => Name(NameRules.Unnamed, "endpoints");

    public PlannedName LoadBalancerPart => Name(NameRules.Unnamed, "load-balancer");

    public PlannedName PackageStorePart => Name(NameRules.Unnamed, "package-store");

    public PlannedName DatabasePart => Name(NameRules.Unnamed, "database");

    public PlannedName FleetPart => Name(NameRules.Unnamed, "fleet");

    /// <summary>The component of the apps' own secrets (a component is always there, with a secret per app that has some).</summary>
    public PlannedName AppSecretsPart => Name(NameRules.Unnamed, "app-secrets");

    public PlannedName Vpc => Name(NameRules.Vpc, "vpc");

    /// <summary>The VPC's default security group, adopted to allow nothing: AWS knows it by id, people by its Name tag.</summary>
    public PlannedName DefaultSecurityGroup => Name(NameRules.NameTag, "sg-default");

    public PlannedName InternetGateway => Name(NameRules.InternetGateway, "igw");

    public PlannedName PublicRouteTable => Name(NameRules.RouteTable, "rt-public");

    public PlannedName PublicInternetRoute => Name(NameRules.Unnamed, "route-public-internet");

    /// <summary>The public subnets' IPv6 route to the internet gateway (dualstack stacks).</summary>
    public PlannedName PublicInternetRouteIpv6 => Name(NameRules.Unnamed, "route-public-internet-ipv6");

    public PlannedName DataRouteTable => Name(NameRules.RouteTable, "rt-data");

    public PlannedName FlowLogGroup => Name(NameRules.LogGroup, "flow-logs");

    public PlannedName FlowLogRole => Name(NameRules.IamRole, "flow-logs-role");

    public PlannedName FlowLogPolicy => Name(NameRules.RolePolicy, "flow-logs-write");

    public PlannedName FlowLog => Name(NameRules.FlowLog, "flow-log");

    public PlannedName LoadBalancer => Name(NameRules.LoadBalancer, "alb");

    public PlannedName TargetGroup => Name(NameRules.TargetGroup, "web");

    public PlannedName HttpListener => Name(NameRules.Listener, "listener-http");

    public PlannedName HttpsListener => Name(NameRules.Listener, "listener-https");

    public PlannedName CertificatePart => Name(NameRules.Unnamed, "site-certificate");

    /// <summary>The ACM certificate the stack requests for its domain (tags only: ACM knows it by ARN).</summary>
    public PlannedName Certificate => Name(NameRules.AcmCertificate, "certificate");

    /// <summary>The CNAME ACM asks for in the zone; its record name is ACM's, e.g. _1a2b….www.example.com.</summary>
    public PlannedName CertificateValidationRecord => Name(NameRules.Route53Record, "dns-validation");

    public PlannedName CertificateValidation => Name(NameRules.Unnamed, "certificate-validation");

    public PlannedName DnsPart => Name(NameRules.Unnamed, "dns");

    /// <summary>The domain's alias record of <paramref name="type"/> ("A" or "AAAA") pointing at the load balancer.</summary>
    public PlannedName AliasRecord(string type) => Name(NameRules.Route53Record, $"dns-{type.ToLowerInvariant()}");

    public PlannedName Bucket => Name(NameRules.S3Bucket, "packages");

    public PlannedName BucketPublicAccessBlock => Name(NameRules.Unnamed, "packages-private");

    public PlannedName BucketOwnership => Name(NameRules.Unnamed, "packages-ownership");

    public PlannedName BucketEncryption => Name(NameRules.Unnamed, "packages-encryption");

    public PlannedName BucketPolicy => Name(NameRules.Unnamed, "packages-policy");

    /// <summary>The default app's package object: its logical name and Name tag; its key (app/&lt;sha256&gt;.tar.gz) is the package's.</summary>
    public PlannedName PackageObject => Name(NameRules.S3Object, "app-package");

    /// <summary>The package of the app <paramref name="site"/> runs: the default app's, or a site's own.</summary>
    public PlannedName PackageObjectOf(string site) => site == AppSite.DefaultName ? PackageObject : Name(NameRules.S3Object, $"app-package-{site}");

    /// <summary>The secret holding <paramref name="site"/>'s own secrets, from the stack's secret settings.</summary>
    public PlannedName AppSecrets(string site) => Name(NameRules.Secret, $"app-secrets-{site}");

    public PlannedName AppSecretsValue(string site) => Name(NameRules.Unnamed, $"app-secrets-{site}-value");

    /// <summary>The sites whose app has a package of its own: the default site, and each site that names an app.</summary>
    public static IReadOnlyList<string> PackageOwners(StackSettings settings) =>
        [AppSite.DefaultName, .. settings.Sites.Where(site => site.App is not null).Select(site => site.Name)];

    /// <summary>The site whose package <paramref name="site"/> runs: its own name when it names an app, else the default site.</summary>
    public static string PackageOwnerOf(StackSettings settings, string site) =>
        settings.Sites.Any(other => other.Name == site && other.App is not null) ? site : AppSite.DefaultName;

    /// <summary>The sites whose app has secrets (a site without an app of its own has the default app's).</summary>
    public static IReadOnlyList<string> SecretOwners(StackSettings settings) =>
        AppSite.For(settings).Where(site => site.App.Secrets.Count > 0).Select(site => site.Name).ToList();

    /// <summary>The region's RDS root certificates in the bucket, for the servers to verify the database with.</summary>
    public PlannedName CaBundleObject => Name(NameRules.S3Object, "rds-ca-bundle");

    public PlannedName DatabasePassword => Name(NameRules.Unnamed, "db-password");

    /// <summary>The database's parameter group: TLS forced (rds.force_ssl).</summary>
    public PlannedName DatabaseParameterGroup => Name(NameRules.DbParameterGroup, "db-params");

    public PlannedName DatabaseSubnetGroup => Name(NameRules.DbSubnetGroup, "db-subnets");

    public PlannedName Database => Name(NameRules.DbInstance, "db");

    public PlannedName FinalSnapshotSuffix => Name(NameRules.Unnamed, "db-final-snapshot-suffix");

    /// <summary>The final snapshot's identifier without its random suffix: "{this}-{8 random characters}".</summary>
    public PlannedName FinalSnapshot => Name(NameRules.DbFinalSnapshot, "db-final");

    public PlannedName DatabaseSecret => Name(NameRules.Secret, "db-credentials");

    public PlannedName DatabaseSecretValue => Name(NameRules.Unnamed, "db-credentials-value");

    public PlannedName AppRole => Name(NameRules.IamRole, "app-role");

    public PlannedName SessionManagerAttachment => Name(NameRules.Unnamed, "app-ssm");

    public PlannedName AppAccessPolicy => Name(NameRules.RolePolicy, "app-access");

    public PlannedName InstanceProfile => Name(NameRules.InstanceProfile, "app-profile");

    public PlannedName LaunchTemplate => Name(NameRules.LaunchTemplate, "app-template");

    /// <summary>The Name tag the launch template gives each server.</summary>
    public PlannedName Server => Name(NameRules.Instance, "app-server");

    /// <summary>The Name tag the launch template gives each server's root volume.</summary>
    public PlannedName ServerVolume => Name(NameRules.Volume, "app-server-root");

    public PlannedName AutoScalingGroup => Name(NameRules.AutoScalingGroup, "app-asg");

    public PlannedName ScalingPolicy => Name(NameRules.ScalingPolicy, "app-cpu-target");

    public PlannedName CostPart => Name(NameRules.Unnamed, "cost");

    public PlannedName Budget => Name(NameRules.Budget, "budget");

    public PlannedName LogsPart => Name(NameRules.Unnamed, "logs");

    /// <summary>The log group of a server log (ServerLogs.Keys): webstack-dev-logs-nginx-access and so on.</summary>
    public PlannedName ServerLogGroup(string key) => Name(NameRules.LogGroup, $"logs-{key}");

    public PlannedName AccessLogBucket => Name(NameRules.S3Bucket, "access-logs");

    public PlannedName AccessLogBucketPublicAccessBlock => Name(NameRules.Unnamed, "access-logs-private");

    public PlannedName AccessLogBucketOwnership => Name(NameRules.Unnamed, "access-logs-ownership");

    public PlannedName AccessLogBucketEncryption => Name(NameRules.Unnamed, "access-logs-encryption");

    public PlannedName AccessLogBucketExpiry => Name(NameRules.Unnamed, "access-logs-expiry");

    public PlannedName AccessLogBucketPolicy => Name(NameRules.Unnamed, "access-logs-policy");

    public PlannedName AlertingPart => Name(NameRules.Unnamed, "alerting");

    public PlannedName AlarmTopic => Name(NameRules.SnsTopic, "alarms");

    public PlannedName AlarmEmailSubscription => Name(NameRules.Unnamed, "alarms-email");

    public PlannedName AlarmTopicPolicy => Name(NameRules.Unnamed, "alarms-policy");

    public PlannedName WebFirewallPart => Name(NameRules.Unnamed, "waf-part");

    public PlannedName WebAcl => Name(NameRules.WafWebAcl, "waf");

    public PlannedName WebAclAssociation => Name(NameRules.Unnamed, "waf-association");

    /// <summary>Where the web ACL logs: WAF takes only log groups named "aws-waf-logs-...".</summary>
    public PlannedName WebAclLogGroup => _names.Prefixed(NameRules.LogGroup, Firewall.WebAclPlan.LogGroupPrefix, "waf");

    public PlannedName WebAclLogging => Name(NameRules.Unnamed, "waf-logging");

    /// <summary>An alarm of the stack (AlarmPlan's keys): webstack-dev-alarm-target-5xx and so on.</summary>
    public PlannedName Alarm(string key) => Name(NameRules.MetricAlarm, $"alarm-{key}");

    public PlannedName MonitoringPart => Name(NameRules.Unnamed, "monitoring");

    public PlannedName DashboardSuffix => Name(NameRules.Unnamed, "dashboard-suffix");

    /// <summary>The dashboard's name without its random suffix: "{this}-{8 random characters}".</summary>
    public PlannedName Dashboard => Name(NameRules.Dashboard, "dashboard");

    public PlannedName Subnet(PlannedSubnet subnet) => Name(NameRules.Subnet, $"subnet-{subnet.Name}");

    public PlannedName RouteTableAssociation(SubnetTier tier, int zone) =>
        Name(NameRules.Unnamed, $"rta-{tier.ToString().ToLowerInvariant()}-{ZoneLetter(zone)}");

    public PlannedName NatElasticIp(int zone) => Name(NameRules.ElasticIp, $"nat-eip-{ZoneLetter(zone)}");

    public PlannedName NatGateway(int zone) => Name(NameRules.NatGateway, $"nat-{ZoneLetter(zone)}");

    public PlannedName AppRouteTable(int zone) => Name(NameRules.RouteTable, $"rt-app-{ZoneLetter(zone)}");

    public PlannedName AppInternetRoute(int zone) => Name(NameRules.Unnamed, $"route-app-{ZoneLetter(zone)}-internet");

    public PlannedName SecurityGroup(Tier tier) => Name(NameRules.SecurityGroup, $"sg-{TierName(tier)}");

    public PlannedName GroupRule(SecurityGroupRule rule) => Name(NameRules.SecurityGroupRule, rule.Name);

    public PlannedName Endpoint(string service) => Name(NameRules.VpcEndpoint, $"vpce-{service}");

    /// <summary>The planned name whose logical name is <paramref name="logical"/>, if the stack has one.</summary>
    public PlannedName? Find(string logical) => _byLogical.GetValueOrDefault(logical);

    /// <summary>The name a resource had before names carried the stack-name mark, when that differs from today's.</summary>
    public string? PreviousOf(string logical) =>
        Find(logical) is { } name && name.Previous != name.Logical ? name.Previous : null;

    /// <summary>The lower-case name of a tier, as security group names and outputs use it ("loadbalancer").</summary>
    public static string TierName(Tier tier) => tier.ToString().ToLowerInvariant();

    private static char ZoneLetter(int zone) => (char)('a' + zone);

    private PlannedName Name(NameRule rule, string part) => _names.Name(rule, part);

    private IEnumerable<PlannedName> Enumerate(
        StackSettings settings,
        SubnetPlan subnets,
        EgressPlan egress,
        IReadOnlyList<TrafficRule> rules,
        IReadOnlyList<SecurityGroupRule> groupRules,
        bool budget)
    {
        yield return Provider;

        yield return NetworkPart;
        yield return Vpc;
        yield return DefaultSecurityGroup;
        foreach (var subnet in subnets.Subnets)
        {
            yield return Subnet(subnet);
        }

        yield return InternetGateway;
        yield return PublicRouteTable;
        yield return PublicInternetRoute;
        if (settings.DualStack)
        {
            yield return PublicInternetRouteIpv6;
        }

        foreach (var subnet in subnets.InTier(SubnetTier.Public))
        {
            yield return RouteTableAssociation(SubnetTier.Public, subnet.ZoneIndex);
        }

        foreach (var zone in egress.NatGatewayZones)
        {
            yield return NatElasticIp(zone);
            yield return NatGateway(zone);
        }

        for (var zone = 0; zone < settings.Network.AzCount; zone++)
        {
            yield return AppRouteTable(zone);
            if (egress.NatZoneFor(zone) is not null)
            {
                yield return AppInternetRoute(zone);
            }
        }

        foreach (var subnet in subnets.InTier(SubnetTier.App))
        {
            yield return RouteTableAssociation(SubnetTier.App, subnet.ZoneIndex);
        }

        yield return DataRouteTable;
        foreach (var subnet in subnets.InTier(SubnetTier.Data))
        {
            yield return RouteTableAssociation(SubnetTier.Data, subnet.ZoneIndex);
        }

        if (settings.Network.FlowLogs)
        {
            yield return FlowLogGroup;
            yield return FlowLogRole;
            yield return FlowLogPolicy;
            yield return FlowLog;
        }

        yield return FirewallPart;
        foreach (var tier in TrafficRules.Tiers(rules))
        {
            yield return SecurityGroup(tier);
        }

        foreach (var rule in groupRules)
        {
            yield return GroupRule(rule);
        }

        if (egress.UsesEndpoints)
        {
            yield return EndpointsPart;
            foreach (var service in egress.InterfaceEndpointServices.Concat(egress.GatewayEndpointServices))
            {
                yield return Endpoint(service);
            }
        }

        if (settings.RequestsCertificate)
        {
            yield return CertificatePart;
            yield return Certificate;
            yield return CertificateValidationRecord;
            yield return CertificateValidation;
        }

        yield return LogsPart;
        foreach (var key in ServerLogs.Keys)
        {
            yield return ServerLogGroup(key);
        }

        yield return AccessLogBucket;
        yield return AccessLogBucketPublicAccessBlock;
        yield return AccessLogBucketOwnership;
        yield return AccessLogBucketEncryption;
        yield return AccessLogBucketExpiry;
        yield return AccessLogBucketPolicy;

        yield return LoadBalancerPart;
        yield return LoadBalancer;
        yield return TargetGroup;
        yield return HttpListener;
        if (settings.HttpsEnabled)
        {
            yield return HttpsListener;
        }

        if (settings.Waf.Enabled)
        {
            yield return WebFirewallPart;
            yield return WebAcl;
            yield return WebAclAssociation;
            yield return WebAclLogGroup;
            yield return WebAclLogging;
        }

        if (settings.Tls.Domain is not null)
        {
            yield return DnsPart;
            yield return AliasRecord("A");
            if (settings.DualStack)
            {
                yield return AliasRecord("AAAA");
            }
        }

        yield return PackageStorePart;
        yield return Bucket;
        yield return BucketPublicAccessBlock;
        yield return BucketOwnership;
        yield return BucketEncryption;
        yield return BucketPolicy;
        foreach (var owner in PackageOwners(settings))
        {
            yield return PackageObjectOf(owner);
        }

        yield return CaBundleObject;

        yield return DatabasePart;
        yield return DatabasePassword;
        yield return DatabaseSubnetGroup;
        yield return DatabaseParameterGroup;
        if (settings.Database.FinalSnapshot)
        {
            yield return FinalSnapshotSuffix;
            yield return FinalSnapshot;
        }

        yield return Database;
        yield return DatabaseSecret;
        yield return DatabaseSecretValue;
        yield return AppSecretsPart;
        foreach (var site in SecretOwners(settings))
        {
            yield return AppSecrets(site);
            yield return AppSecretsValue(site);
        }

        var alarms = AlarmPlan.For(settings);
        yield return AlertingPart;
        yield return AlarmTopic;
        yield return AlarmTopicPolicy;
        if (settings.AlarmEmail is not null)
        {
            yield return AlarmEmailSubscription;
        }

        foreach (var alarm in alarms.BeforeFleet)
        {
            yield return Alarm(alarm.Key);
        }

        yield return FleetPart;
        yield return AppRole;
        yield return SessionManagerAttachment;
        yield return AppAccessPolicy;
        yield return InstanceProfile;
        yield return LaunchTemplate;
        yield return Server;
        yield return ServerVolume;
        yield return AutoScalingGroup;
        yield return ScalingPolicy;

        yield return MonitoringPart;
        foreach (var alarm in alarms.AfterFleet)
        {
            yield return Alarm(alarm.Key);
        }

        yield return DashboardSuffix;
        yield return Dashboard;

        if (budget)
        {
            yield return CostPart;
            yield return Budget;
        }
    }
}
