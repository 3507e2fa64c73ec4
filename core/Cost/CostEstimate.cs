// A stack's monthly cost at one size, item by item, from its plan and the price table: a pure function of the two.
// Lines the table has no price for stay in the estimate, named, and out of every total.
using WebStack.Core.Monitoring;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core.Cost;

/// <param name="Factors">Table entries the lines were multiplied by (the Multi-AZ factor), for the list of sources.</param>
public sealed record CostEstimate(string Region, int Servers, IReadOnlyList<CostLine> Lines, IReadOnlyList<Price> Factors)
{
    /// <summary>AWS prices by the hour and bills a month as 730 of them (365 × 24 / 12).</summary>
    public const int HoursPerMonth = 730;

    /// <summary>A target-tracking scaling policy keeps two CloudWatch alarms (scale out, scale in), billed as standard alarms.</summary>
    public const int ScalingAlarms = 2;

    /// <summary>Sum of the priced fixed lines (each already rounded to cents).</summary>
    public decimal Fixed => Sum(CostPart.Fixed);

    /// <summary>Sum of the priced usage-driven lines.</summary>
    public decimal Usage => Sum(CostPart.Usage);

    public decimal Total => Fixed + Usage;

    public IReadOnlyList<CostLine> Unpriced => Lines.Where(line => !line.IsPriced).ToList();

    private decimal Sum(CostPart part) => Lines.Where(line => line.Part == part && line.IsPriced).Sum(line => line.Monthly!.Value);

    /// <summary>What <paramref name="plan"/> costs a month in its region with <paramref name="servers"/> servers running.</summary>
    public static CostEstimate For(StackPlan plan, PriceTable table, int servers)
    {
        var settings = plan.Settings;
        var region = settings.Region;
        var usage = settings.Cost.Usage;
        var zones = settings.Network.AzCount;
        var lines = new List<CostLine>();
        void Add(string id, string what, CostPart part, decimal quantity, PriceItem item) =>
            lines.Add(CostLine.Of(id, what, part, quantity, item, table.Find(region, item)));

        var instanceType = settings.Fleet.InstanceType;
        Add("servers", $"servers: {instanceType}", CostPart.Fixed, servers * HoursPerMonth, PriceItems.Ec2(instanceType));
        Add("server-volumes", $"servers' root volumes: {ServerPlan.RootVolumeGb} GB gp3 each", CostPart.Fixed,
            servers * ServerPlan.RootVolumeGb, PriceItems.EbsGp3);

        Add("alb-hours", "load balancer (ALB)", CostPart.Fixed, HoursPerMonth, PriceItems.AlbHour);
        Add("alb-ipv4", $"load balancer's public IPv4 addresses: one per zone, {zones}", CostPart.Fixed, zones * HoursPerMonth, PriceItems.PublicIpv4Hour);

        var natGateways = plan.Egress.NatGatewayZones.Count;
        if (natGateways > 0)
        {
            Add("nat-hours", $"NAT gateways: {natGateways}", CostPart.Fixed, natGateways * HoursPerMonth, PriceItems.NatHour);
            Add("nat-ipv4", $"NAT gateways' public IPv4 addresses: {natGateways}", CostPart.Fixed, natGateways * HoursPerMonth, PriceItems.PublicIpv4Hour);
        }

        var endpoints = plan.Egress.InterfaceEndpointServices;
        if (endpoints.Count > 0)
        {
            Add("endpoint-hours", $"interface VPC endpoints: {endpoints.Count} ({string.Join(", ", endpoints)}) x {zones} zones", CostPart.Fixed,
                endpoints.Count * zones * HoursPerMonth, PriceItems.EndpointHour);
        }

        var factors = AddDatabase(plan, table, lines);
        Add("secret", "database credentials secret (Secrets Manager)", CostPart.Fixed, 1, PriceItems.Secret);
        Add("alarms", $"scaling alarms: target tracking keeps {ScalingAlarms} CloudWatch alarms", CostPart.Fixed, ScalingAlarms, PriceItems.Alarm);
        AddMonitoring(plan, servers, Add);

        Add("alb-lcu", $"load balancer capacity: {usage.AlbLcu} LCU on average", CostPart.Usage, usage.AlbLcu * HoursPerMonth, PriceItems.AlbLcuHour);
        if (natGateways > 0)
        {
            Add("nat-data", "data through the NAT gateways", CostPart.Usage, usage.EgressGb, PriceItems.NatGb);
        }

        if (endpoints.Count > 0)
        {
            Add("endpoint-data", "data through the interface endpoints", CostPart.Usage, usage.EgressGb, PriceItems.EndpointGb);
        }

        Add("db-backup", "database backups beyond the free amount", CostPart.Usage, usage.BackupGb, PriceItems.RdsBackup);
        Add("packages", "app packages in the S3 bucket", CostPart.Usage, usage.PackageGb, PriceItems.S3StorageGb);
        if (settings.Network.FlowLogs)
        {
            var retentionDays = plan.Lifecycle.FlowLogRetentionDays;
            Add("flow-logs-ingested", "VPC flow logs into CloudWatch Logs", CostPart.Usage, usage.FlowLogGb, PriceItems.LogIngestGb);
            // Kept for the retention period, a month's logs stay stored for retention/month of a month on average.
            Add("flow-logs-stored", $"VPC flow logs kept {retentionDays} days", CostPart.Usage,
                Math.Round(usage.FlowLogGb * retentionDays * 24 / HoursPerMonth, 2), PriceItems.LogStorageGb);
        }

        AddLogs(plan, Add);
        AddFirewall(plan, Add);
        return new CostEstimate(region, servers, lines, factors);
    }

    /// <summary>The CloudWatch agent's memory and disk metrics: one of each per server.</summary>
    public const int AgentMetricsPerServer = 2;

    private static void AddMonitoring(StackPlan plan, int servers, Action<string, string, CostPart, decimal, PriceItem> add)
    {
        var alarms = AlarmPlan.For(plan.Settings).Alarms;
        var metrics = alarms.Sum(alarm => alarm.BilledMetrics);
        add("monitoring-alarms", $"the stack's CloudWatch alarms: {alarms.Count}, billed per metric they read ({metrics})", CostPart.Fixed, metrics, PriceItems.Alarm);
        add("dashboard", "the stack's CloudWatch dashboard", CostPart.Fixed, 1, PriceItems.Dashboard);
        add("agent-metrics", $"servers' memory and disk metrics (CloudWatch agent): {AgentMetricsPerServer} per server", CostPart.Fixed,
            servers * AgentMetricsPerServer, PriceItems.CustomMetric);
    }

    private static void AddLogs(StackPlan plan, Action<string, string, CostPart, decimal, PriceItem> add)
    {
        var monitoring = plan.Settings.Monitoring;
        var days = monitoring.LogRetentionDays;
        add("server-logs-ingested", "server logs (nginx, the app) into CloudWatch Logs", CostPart.Usage, monitoring.ServerLogGb, PriceItems.LogIngestGb);
        add("server-logs-stored", $"server logs kept {days} days", CostPart.Usage, StoredGb(monitoring.ServerLogGb, days), PriceItems.LogStorageGb);
        add("alb-logs-stored", $"load balancer access logs kept {days} days in S3", CostPart.Usage, StoredGb(monitoring.AlbLogGb, days), PriceItems.S3StorageGb);
    }

    private static void AddFirewall(StackPlan plan, Action<string, string, CostPart, decimal, PriceItem> add)
    {
        if (plan.WebAcl is not { } acl)
        {
            return;
        }

        var waf = plan.Settings.Waf;
        var days = plan.Settings.Monitoring.LogRetentionDays;
        add("waf-acl", "web application firewall (AWS WAF web ACL)", CostPart.Fixed, 1, PriceItems.WafWebAcl);
        add("waf-rules", $"its rules: {acl.Rules.Count} ({string.Join(", ", acl.Rules.Select(rule => rule.Name))})", CostPart.Fixed, acl.Rules.Count, PriceItems.WafRule);
        add("waf-requests", $"requests it inspects: {waf.RequestsMillion} million", CostPart.Usage, waf.RequestsMillion, PriceItems.WafRequestsMillion);
        add("waf-logs-ingested", "WAF logs into CloudWatch Logs", CostPart.Usage, waf.LogGb, PriceItems.LogIngestGb);
        add("waf-logs-stored", $"WAF logs kept {days} days", CostPart.Usage, StoredGb(waf.LogGb, days), PriceItems.LogStorageGb);
    }

    // Kept for the retention period, a month's logs stay stored for retention/month of a month on average.
    private static decimal StoredGb(decimal gbPerMonth, int retentionDays) => Math.Round(gbPerMonth * retentionDays * 24 / HoursPerMonth, 2);

    private static IReadOnlyList<Price> AddDatabase(StackPlan plan, PriceTable table, List<CostLine> lines)
    {
        var settings = plan.Settings;
        var database = settings.Database;
        var region = settings.Region;
        var instance = PriceItems.Rds(database.InstanceClass);
        var storage = PriceItems.RdsStorageGp3;
        if (!database.MultiAz)
        {
            lines.Add(CostLine.Of("db-instance", $"database: {database.InstanceClass}, single-AZ", CostPart.Fixed, HoursPerMonth, instance, table.Find(region, instance)));
            lines.Add(CostLine.Of("db-storage", $"database storage: {database.AllocatedStorageGb} GB gp3", CostPart.Fixed, database.AllocatedStorageGb, storage, table.Find(region, storage)));
            return [];
        }

        // A Multi-AZ instance bills the primary and the standby: its hours and its storage count that many times.
        var factor = table.Find(region, PriceItems.RdsMultiAzFactor);
        var copies = factor?.Usd ?? 2;
        var noFactor = factor is null ? PriceItems.RdsMultiAzFactor : null;
        lines.Add(CostLine.Of("db-instance", $"database: {database.InstanceClass}, Multi-AZ (primary + standby)", CostPart.Fixed,
            HoursPerMonth * copies, instance, table.Find(region, instance), noFactor));
        lines.Add(CostLine.Of("db-storage", $"database storage: {database.AllocatedStorageGb} GB gp3, Multi-AZ (x {copies})", CostPart.Fixed,
            database.AllocatedStorageGb * copies, storage, table.Find(region, storage), noFactor));
        return factor is null ? [] : [factor];
    }
}
