// The stack: reads and checks the settings, makes the core's plan, and builds it part by part, each part a component
// of its own, every resource named by the plan. All AWS resources go through one provider set to the stack's region,
// the region the servers' user data is rendered for.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Cost;
using WebStack.Core.Firewall;
using WebStack.Core.Servers;
using WebStack.Infra.Components;
using Aws = Pulumi.Aws;

namespace WebStack.Infra;

public sealed class WebStackStack : Stack
{
    public WebStackStack()
        : this(StackPlan.From(StackConfiguration.Load()))
    {
    }

    private WebStackStack(StackPlan plan)
        : base(new StackOptions { ResourceTransformations = { PreviousNames.Aliases(plan.Names) } })
    {
        var settings = plan.Settings;
        var names = plan.Names;
        var packages = AppPackages.Prepare(plan);

        var provider = new Aws.Provider(names.Provider.Logical, new Aws.ProviderArgs { Region = settings.Region });
        ComponentResourceOptions Part() => new() { Providers = { provider } };

        var network = new Network(names.NetworkPart.Logical, new NetworkArgs(plan), Part());
        var firewall = new Firewall(names.FirewallPart.Logical, new FirewallArgs(plan, network.VpcId), Part());
        var readyBeforeServers = new List<Resource> { network, firewall };
        if (plan.Egress.UsesEndpoints)
        {
            readyBeforeServers.Add(new VpcEndpoints(names.EndpointsPart.Logical, new VpcEndpointsArgs(
                plan, network.VpcId, network.AppSubnetIds, network.AppRouteTableIds, firewall.GroupId(Tier.Endpoints)), Part()));
        }

        var logs = new Logs(names.LogsPart.Logical, new LogsArgs(plan), Part());

        // The stack's name: its hosted zone looked up once (public zones only), the certificate requested and validated
        // there unless one was given, and alias records to the load balancer once it exists.
        Output<string>? zoneId = settings.Tls.Domain is { } domain ? HostedZoneLookup.ZoneId(domain, provider) : null;
        Output<string>? certificateArn = settings.CertificateArn is { } givenArn ? Output.Create(givenArn) : null;
        if (settings.RequestsCertificate)
        {
            certificateArn = new SiteCertificate(names.CertificatePart.Logical, new SiteCertificateArgs(plan, zoneId!), Part()).CertificateArn;
        }

        var loadBalancer = new WebLoadBalancer(names.LoadBalancerPart.Logical, new WebLoadBalancerArgs(
            plan, network.VpcId, network.PublicSubnetIds, firewall.GroupId(Tier.LoadBalancer), certificateArn)
        {
            AccessLogs = (logs.AccessLogBucketName, logs.AccessLogBucketPolicy),
        }, Part());
        if (plan.WebAcl is { } acl)
        {
            _ = new WebFirewall(names.WebFirewallPart.Logical, new WebFirewallArgs(plan, acl, loadBalancer.Alb.Arn), Part());
        }

        SiteDns? dns = zoneId is not null
            ? new SiteDns(names.DnsPart.Logical, new SiteDnsArgs(plan, zoneId, loadBalancer.DnsName, loadBalancer.ZoneId), Part())
            : null;
        var store = new PackageStore(names.PackageStorePart.Logical, new PackageStoreArgs(plan, packages), Part());
        var database = new Database(names.DatabasePart.Logical, new DatabaseArgs(
            plan, network.DataSubnetIds, firewall.GroupId(Tier.Database)), Part());
        var appSecrets = new AppSecrets(names.AppSecretsPart.Logical, new AppSecretsArgs(plan), Part());
        readyBeforeServers.AddRange(store.PackageObjects);
        readyBeforeServers.Add(store.CaBundleObject);
        readyBeforeServers.Add(database.SecretVersion);
        readyBeforeServers.AddRange(appSecrets.Values);
        var watched = new WatchedResources(loadBalancer.Alb.ArnSuffix, loadBalancer.TargetGroup.ArnSuffix, database.Instance.Identifier);
        var alerting = new Alerting(names.AlertingPart.Logical, new AlertingArgs(plan, watched), Part());

        var fleet = new AppFleet(names.FleetPart.Logical, new AppFleetArgs(
            plan,
            packages,
            network.AppSubnetIds,
            firewall.GroupId(Tier.App),
            loadBalancer.TargetGroup.Arn,
            store.BucketName,
            store.ObjectArns,
            store.CaBundleArn,
            database.SecretArn,
            readyBeforeServers)
        {
            AppSecretArns = appSecrets.SecretArns,
            LogGroupNames = logs.ServerLogGroupNames,
            LogGroupArns = logs.ServerLogGroupArns,
            DeployGuardAlarms = alerting.DeployGuardNames,
        }, Part());
        var monitoring = new Monitoring(names.MonitoringPart.Logical, new MonitoringArgs(
            plan, watched with { AutoScalingGroup = fleet.GroupName }, alerting.Topic.Arn, alerting.Alarms,
            logs.ServerLogGroupNames.Apply(groups => groups[ServerLogs.NginxAccess])), Part());

        var cost = StackCost.For(plan, PriceTableLoader.Embedded);
        var budget = BudgetPlan.For(plan, cost);
        if (budget.Enabled)
        {
            _ = new CostBudget(names.CostPart.Logical, new CostBudgetArgs(plan, budget, alerting.Topic.Arn, alerting.TopicPolicy), Part());
        }
        else
        {
            Log.Warn($"no cost budget: {budget.Note}");
        }

        // On its own name once the records exist; otherwise on the load balancer's DNS name.
        Url = dns is not null ? dns.Name.Apply(name => settings.Tls.Domain!.Url) : loadBalancer.Url;
        AlbDnsName = loadBalancer.DnsName;
        VpcId = network.VpcId;
        PublicSubnetIds = network.PublicSubnetIds;
        AppSubnetIds = network.AppSubnetIds;
        DataSubnetIds = network.DataSubnetIds;
        AutoScalingGroupName = fleet.GroupName;
        DatabaseEndpoint = database.Endpoint;
        DatabaseSecretArn = database.SecretArn;
        AlarmTopicArn = alerting.Topic.Arn;
        DashboardName = monitoring.DashboardName;
        AccessLogBucket = logs.AccessLogBucketName;
        Releases = Output.Create(packages.Sites.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.Package.ReleaseName));
        Deployed = fleet.Deployed;
    }

    /// <summary>What the deploy left running: `pulumi up` ends only once it is out (or fails saying why it isn't).</summary>
    [Output]
    public Output<string> Deployed { get; set; }

    /// <summary>The release each site's servers run: the start of its package's hash, as the app is told (WEBSTACK_RELEASE).</summary>
    [Output]
    public Output<ImmutableDictionary<string, string>> Releases { get; set; }

    /// <summary>The SNS topic the stack's alarms go to (subscribe more than alarmEmail to it).</summary>
    [Output]
    public Output<string> AlarmTopicArn { get; set; }

    /// <summary>The stack's CloudWatch dashboard.</summary>
    [Output]
    public Output<string> DashboardName { get; set; }

    /// <summary>The bucket holding the load balancer's access logs (under alb/).</summary>
    [Output]
    public Output<string> AccessLogBucket { get; set; }

    /// <summary>Where the stack answers: https://&lt;domain&gt;/ with a domain; otherwise http://, or https:// with a certificate, and the load balancer's DNS name.</summary>
    [Output]
    public Output<string> Url { get; set; }

    [Output]
    public Output<string> AlbDnsName { get; set; }

    [Output]
    public Output<string> VpcId { get; set; }

    [Output]
    public Output<ImmutableArray<string>> PublicSubnetIds { get; set; }

    [Output]
    public Output<ImmutableArray<string>> AppSubnetIds { get; set; }

    [Output]
    public Output<ImmutableArray<string>> DataSubnetIds { get; set; }

    [Output]
    public Output<string> AutoScalingGroupName { get; set; }

    /// <summary>host:port of the database; the credentials are only in the secret.</summary>
    [Output]
    public Output<string> DatabaseEndpoint { get; set; }

    /// <summary>The Secrets Manager secret with the database credentials (its ARN, not its value).</summary>
    [Output]
    public Output<string> DatabaseSecretArn { get; set; }
}
