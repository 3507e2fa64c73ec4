// What the price table prices, and in which unit: the keys the loader accepts and the estimate looks up.
using System.Text.RegularExpressions;

namespace WebStack.Core.Cost;

/// <param name="Unit">What one unit of the price is, as the plan prints it after "$x/" (h, GB-month, ...).</param>
public sealed record PriceItem(string Key, string Unit);

public static partial class PriceItems
{
    public static PriceItem Ec2(string instanceType) => new($"ec2:{instanceType}", "h");

    public static PriceItem Rds(string instanceClass) => new($"rds:{instanceClass}", "h");

    public static readonly PriceItem RdsStorageGp3 = new("rds:storage-gp3", "GB-month");
    public static readonly PriceItem RdsBackup = new("rds:backup", "GB-month");

    /// <summary>How many times a Multi-AZ database's instance-hours and storage are billed (primary and standby).</summary>
    public static readonly PriceItem RdsMultiAzFactor = new("rds:multi-az-factor", "factor");

    public static readonly PriceItem EbsGp3 = new("ebs:gp3", "GB-month");
    public static readonly PriceItem NatHour = new("nat:hour", "h");
    public static readonly PriceItem NatGb = new("nat:gb", "GB");
    public static readonly PriceItem PublicIpv4Hour = new("ipv4:hour", "h");
    public static readonly PriceItem AlbHour = new("alb:hour", "h");
    public static readonly PriceItem AlbLcuHour = new("alb:lcu-hour", "LCU-h");
    public static readonly PriceItem EndpointHour = new("vpce:hour", "h");
    public static readonly PriceItem EndpointGb = new("vpce:gb", "GB");
    public static readonly PriceItem Secret = new("secrets:secret", "secret-month");
    public static readonly PriceItem Alarm = new("cloudwatch:alarm", "alarm-month");
    public static readonly PriceItem Dashboard = new("cloudwatch:dashboard", "dashboard-month");

    /// <summary>A custom metric (the CloudWatch agent's), first 10,000 of the account.</summary>
    public static readonly PriceItem CustomMetric = new("cloudwatch:metric", "metric-month");
    public static readonly PriceItem LogIngestGb = new("logs:ingest-gb", "GB");
    public static readonly PriceItem LogStorageGb = new("logs:storage-gb", "GB-month");
    public static readonly PriceItem S3StorageGb = new("s3:storage-gb", "GB-month");
    public static readonly PriceItem WafWebAcl = new("waf:web-acl", "web-ACL-month");
    public static readonly PriceItem WafRule = new("waf:rule", "rule-month");
    public static readonly PriceItem WafRequestsMillion = new("waf:million-requests", "million requests");

    private static readonly IReadOnlyList<PriceItem> Fixed =
    [
        RdsStorageGp3, RdsBackup, RdsMultiAzFactor, EbsGp3, NatHour, NatGb, PublicIpv4Hour, AlbHour, AlbLcuHour,
        EndpointHour, EndpointGb, Secret, Alarm, LogIngestGb, LogStorageGb, S3StorageGb, Dashboard, CustomMetric,
        WafWebAcl, WafRule, WafRequestsMillion,
    ];

    [GeneratedRegex(@"^ec2:[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.[a-z0-9]+\z")]
    private static partial Regex Ec2Key();

    [GeneratedRegex(@"^rds:db\.[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.[a-z0-9]+\z")]
    private static partial Regex RdsKey();

    /// <summary>The item a table row's key names, or null when the estimate has no use for such a key.</summary>
    public static PriceItem? Parse(string key) =>
        Fixed.FirstOrDefault(item => item.Key == key)
        ?? (Ec2Key().IsMatch(key) ? Ec2(key[4..]) : RdsKey().IsMatch(key) ? Rds(key[4..]) : null);

    public static string Described =>
        "ec2:<instance type>, rds:<db instance class>, or one of " + string.Join(", ", Fixed.Select(item => item.Key));
}
