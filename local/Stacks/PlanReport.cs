// The offline plan as text: what a stack will build, from its settings alone (no AWS account, no Pulumi CLI).
using System.Globalization;
using System.Text;
using WebStack.Core;
using WebStack.Core.Cost;
using WebStack.Core.Firewall;
using WebStack.Core.Naming;
using WebStack.Core.Network;
using WebStack.Core.Settings;

namespace WebStack.Local.Stacks;

public static class PlanReport
{
    /// <param name="now">When the plan is made, for the pinned image's age (now, by default).</param>
    public static string Render(StackPlan plan, SettingsResult result, DateTimeOffset? now = null)
    {
        var settings = plan.Settings;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"Stack {settings.Stack} of project {settings.Project}: profile {settings.Profile.ToConfigText()}, region {settings.Region}");
        Line();
        Line("Settings (source: stack = set in the stack file, default = the profile's default, derived = worked out from others)");
        var keyWidth = result.Effective.Max(setting => setting.Key.Length);
        var valueWidth = Math.Min(48, result.Effective.Max(setting => setting.Display.Length));
        foreach (var setting in result.Effective)
        {
            Line($"  {setting.Key.PadRight(keyWidth)}  {setting.Display.PadRight(valueWidth)}  {SourceName(setting.Source)}");
        }

        if (result.Warnings.Count > 0)
        {
            Line();
            Line("Warnings");
            foreach (var warning in result.Warnings)
            {
                Line($"  - {warning.Message}");
            }
        }

        Line();
        WriteNetwork(Line, plan);
        Line();
        WriteRules(Line, plan);
        Line();
        WriteSizing(Line, settings, plan, now ?? DateTimeOffset.UtcNow);
        Line();
        AppReport.Write(Line, plan);
        Line();
        TlsReport.Write(Line, plan);
        Line();
        DeploymentReport.Write(Line, plan);
        Line();
        MonitoringReport.Write(Line, plan);
        Line();
        text.Append(WebStack.Core.Security.ControlsTable.Summary(settings));
        Line();
        var cost = StackCost.For(plan, PriceTableLoader.Embedded);
        CostReport.Write(Line, plan, cost, BudgetPlan.For(plan, cost));
        return text.ToString();
    }

    private static string FirewallLine(StackPlan plan) => plan.WebAcl is { } acl
        ? $"AWS WAF on the load balancer: {string.Join(", ", acl.Rules.Select(rule => rule.ManagedGroup ?? $"at most {rule.RateLimit} requests per 5 minutes per client address"))}; "
            + $"logged to {plan.Names.WebAclLogGroup.Logical}-* without the {string.Join(" and ", WebStack.Core.Firewall.WebAclPlan.RedactedHeaders)} headers"
        : "none (waf off): the load balancer takes every request to the servers; `waf: true` puts AWS WAF in front";

    private static string ImageLine(StackSettings settings, DateTimeOffset now)
    {
        var update = $"`dotnet run --project local -- ami update {settings.Stack}`";
        if (settings.Image is not { } image)
        {
            return $"not pinned: pulumi preview and up refuse to run until {update} pins the region's latest Amazon Linux 2023";
        }

        var age = image.AgeInDays(now) is { } days
            ? $", {days} day{(days == 1 ? "" : "s")} old{(days > 30 ? $" ({update} shows what is newer; Amazon Linux 2023 publishes security fixes as new images)" : "")}"
            : " (its date is unknown)";
        return $"{image.Describe()}{age}; no newer image is taken until {update} pins one";
    }

    private static string SourceName(SettingSource source) => source switch
    {
        SettingSource.StackFile => "stack",
        SettingSource.Default => "default",
        SettingSource.Derived => "derived",
        _ => source.ToString(),
    };

    private static void WriteNetwork(Action<string> line, StackPlan plan)
    {
        var network = plan.Settings.Network;
        line($"Network: VPC {network.VpcCidr} over {network.AzCount} availability zones; NAT: {NatDescription(network.NatStrategy, network.AzCount)}; flow logs {(network.FlowLogs ? "on" : "off")}");
        line($"  {"subnet",-10}{"tier",-8}{"zone",-6}{"cidr",-20}{"usable",8}  route to the internet");
        foreach (var subnet in plan.Subnets.Subnets.OrderBy(subnet => subnet.Tier).ThenBy(subnet => subnet.ZoneIndex))
        {
            var zone = ((char)('a' + subnet.ZoneIndex)).ToString();
            line($"  {subnet.Name,-10}{subnet.Tier.ToString().ToLowerInvariant(),-8}{zone,-6}{subnet.Cidr,-20}{subnet.UsableAddresses,8}  {RouteOf(subnet.Tier, network.NatStrategy)}");
        }

        line($"  kept free for growth: {string.Join(", ", plan.Subnets.Spare)}");
    }

    private static string NatDescription(NatStrategy strategy, int zones) => strategy switch
    {
        NatStrategy.None => "none (servers reach AWS through VPC endpoints only)",
        NatStrategy.Single => "one NAT gateway",
        NatStrategy.PerAz => $"{zones} NAT gateways, one per zone",
        _ => strategy.ToString(),
    };

    private static string RouteOf(SubnetTier tier, NatStrategy nat) => tier switch
    {
        SubnetTier.Public => "internet gateway",
        SubnetTier.App => nat == NatStrategy.None ? "none (VPC endpoints)" : "NAT gateway (outbound only)",
        _ => "none (isolated)",
    };

    private static void WriteRules(Action<string> line, StackPlan plan)
    {
        line("Traffic rules (security groups; everything else is refused)");
        var fromWidth = plan.Rules.Max(rule => Describe(rule.From).Length);
        var toWidth = plan.Rules.Max(rule => Describe(rule.To).Length);
        foreach (var rule in plan.Rules)
        {
            line($"  {Describe(rule.From).PadRight(fromWidth)} -> {Describe(rule.To).PadRight(toWidth)}  tcp/{rule.Port,-5} {rule.Purpose}");
        }
    }

    private static string Describe(Peer peer) => peer switch
    {
        TierPeer tier => tier.Tier switch
        {
            Tier.LoadBalancer => "load balancer",
            Tier.App => "servers",
            Tier.Database => "database",
            Tier.Endpoints => "VPC endpoints",
            _ => tier.Tier.ToString(),
        },
        CidrPeer cidr => $"{cidr.Who} {cidr.Cidr}",
        _ => peer.ToString()!,
    };

    private static void WriteSizing(Action<string> line, StackSettings settings, StackPlan plan, DateTimeOffset now)
    {
        var fleet = settings.Fleet;
        var health = settings.HealthCheck;
        var database = settings.Database;
        line("Sizing");
        line($"  load balancer  {(settings.HttpsEnabled ? "HTTPS on 443 (HTTP redirects to it)" : "HTTP on 80")}, in the public subnets");
        line($"  firewall       {FirewallLine(plan)}");
        line($"  health check   GET {health.Path} on nginx every {health.IntervalSeconds} s (timeout {health.TimeoutSeconds} s); in after {health.HealthyThreshold} passes, out after {health.UnhealthyThreshold} failures (a dead server gets requests for up to {health.DetectionWindowSeconds} s)");
        line($"  servers        {fleet.MinSize}-{fleet.MaxSize} x {fleet.InstanceType} (start with {fleet.DesiredCapacity}), scaling to {fleet.ScalingCpuTarget}% average CPU, in the app subnets");
        line($"  image          {ImageLine(settings, now)}");
        foreach (var site in plan.Server.Sites)
        {
            var ports = site.Ports.Count == 1
                ? site.Ports[0].ToString(CultureInfo.InvariantCulture)
                : $"{site.Ports[0]}-{site.Ports[^1]}";
            line($"  on each server nginx :80 {(site.IsDefault ? "(any host name)" : $"({site.ServerName})"),-22} -> {site.Ports.Count} process{(site.Ports.Count == 1 ? "" : "es")} of {site.Name} on 127.0.0.1:{ports}");
        }

        line($"  database       PostgreSQL {database.EngineVersion} on {database.InstanceClass}, {database.AllocatedStorageGb} GB encrypted, {(database.MultiAz ? "multi-AZ" : "single-AZ")}, "
            + $"backups {database.BackupRetentionDays} day{(database.BackupRetentionDays == 1 ? "" : "s")}, deletion protection {(database.DeletionProtection ? "on" : "off")}, final snapshot {(database.FinalSnapshot ? "on" : "off")}; in the data subnets, reachable only from the servers");
        if (!plan.Lifecycle.ApplyDatabaseChangesImmediately)
        {
            line($"  db changes     wait for the database's weekly maintenance window (class, storage, version, parameters): RDS keeps reporting the old values until then, "
                + "so every pulumi preview shows the same change again; what is pending: "
                + $"aws rds describe-db-instances --db-instance-identifier \"$(pulumi stack output DatabaseEndpoint --stack {settings.Stack} | cut -d. -f1)\" --query 'DBInstances[0].PendingModifiedValues'");
        }

        line($"  names          {plan.Names.Base}-*, tagged {string.Join(", ", StandardTags.For(settings, plan.Names.Base).Where(tag => tag.Key != StandardTags.Name).Select(tag => $"{tag.Key}={tag.Value}"))}");
        WriteCutNames(line, plan);
    }

    // Names too long for their kind's limit once AWS's or Pulumi's suffix is added are cut and end with a hash; the
    // user sees which, and that the Name tag keeps the whole name.
    private static void WriteCutNames(Action<string> line, StackPlan plan)
    {
        var cut = plan.Names.All.Where(name => name.IsCut).ToList();
        if (cut.Count == 0)
        {
            return;
        }

        line($"  cut to fit AWS's limits (the Name tag keeps the whole name):");
        var kindWidth = cut.Max(name => name.Rule.Kind.Length);
        foreach (var name in cut)
        {
            line($"    {name.Rule.Kind.PadRight(kindWidth)}  {name.Logical} (at most {name.Rule.Room} characters + {name.Rule.SampleSuffix.Length} of suffix)");
        }
    }
}
