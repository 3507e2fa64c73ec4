// Turns a stack's raw configuration into StackSettings: defaults per profile, every key validated, every problem reported at once.
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Apps;
using WebStack.Core.Cost;
using WebStack.Core.Database;
using WebStack.Core.Monitoring;
using WebStack.Core.Naming;
using WebStack.Core.Network;

namespace WebStack.Core.Settings;

public static partial class StackSettingsReader
{
    public const int MaxTotalProcesses = 32;

    // A security group holds 60 inbound rules by default; the ALB's takes one per CIDR and listener port.
    public const int MaxInboundRulesPerGroup = 60;

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\z")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9]*[0-9][a-z0-9-]*\.[a-z0-9]+\z")]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex(@"^(?<family>[a-z]+)(?<generation>[0-9]+)(?<attributes>[a-z0-9-]*)\.")]
    private static partial Regex InstanceFamilyPattern();

    [GeneratedRegex(@"^db\.[a-z][a-z0-9]*[0-9][a-z0-9-]*\.[a-z0-9]+\z")]
    private static partial Regex DbInstanceClassPattern();

    [GeneratedRegex(@"^(1[4-8])(\.[0-9]{1,2})?\z")]
    private static partial Regex DbEngineVersionPattern();

    [GeneratedRegex(@"^/[A-Za-z0-9._~/-]{0,200}\z")]
    private static partial Regex HealthCheckPathPattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:acm:(?<region>[a-z]{2}(-[a-z]+)+-[0-9]{1,2}):[0-9]{12}:certificate/[A-Za-z0-9-]+\z")]
    private static partial Regex CertificateArnPattern();

    [GeneratedRegex(@"^[!-~]([ -~]{0,253}[!-~])?\z")]
    private static partial Regex KeyPairNamePattern();

    // The dot-atom form of an address (RFC 5322) with a domain of DNS labels: what AWS Budgets and SNS deliver to.
    [GeneratedRegex(@"^(?=.{3,254}\z)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z")]
    private static partial Regex EmailPattern();

    public static SettingsResult Read(StackConfig config)
    {
        var reader = new ConfigReader(config);
        foreach (var problem in NameCheck.Problems(config))
        {
            reader.Error(problem.Key, problem.Message);
        }

        var profile = ReadProfile(config, reader);
        var defaults = ProfileDefaults.For(profile);

        var region = reader.Pattern(SettingKeys.Region, defaults.Region, RegionPattern(), "must be an AWS region code such as us-east-1 or eu-central-1");
        var network = ReadNetwork(reader, defaults.Network);
        var fleet = ReadFleet(reader, defaults.Fleet);
        var image = ReadImage(reader);
        var rollbackTo = ReadRollbackTo(reader);
        var healthCheck = ReadHealthCheck(reader, defaults.HealthCheck);
        var deployment = new DeploymentSettings(reader.Int(SettingKeys.DeregistrationDelay, defaults.Deployment.DeregistrationDelaySeconds, 0, 3600));
        var certificateArn = ReadCertificateArn(reader, region);
        var tls = TlsSettingsReader.Read(reader, defaults.Tls, certificateArn);
        CheckRdsRootsCover(reader, region);
        var ingress = ReadIngress(reader, defaults.IngressCidrs, certificateArn is not null || tls.Domain is not null, tls.Domain is not null);
        var waf = reader.Bool(SettingKeys.Waf, defaults.Waf.Enabled);
        var wafRateLimit = reader.Int(SettingKeys.WafRateLimit, defaults.Waf.RateLimit, WafSettings.MinRateLimit, WafSettings.MaxRateLimit);
        var ssh = ReadSsh(reader);
        var database = ReadDatabase(reader, defaults.Database);
        var albProtection = reader.Bool(SettingKeys.AlbDeletionProtection, defaults.AlbDeletionProtection);
        var emptyBuckets = reader.Bool(SettingKeys.EmptyBucketsOnDestroy, defaults.EmptyBucketsOnDestroy);
        var tags = StackTags.Read(reader);
        var secretKeys = new HashSet<string>(StringComparer.Ordinal);
        var app = ReadApp(reader, secretKeys);
        var sites = SitesReader.Read(reader, fleet.AppProcesses, secretKeys);
        CheckProcessesAndPorts(reader, fleet, sites);
        CheckHealthCheckPath(reader, healthCheck, app);
        // After the apps: the settings their secrets name are the stack's own keys too.
        ReportUnknownKeys(config, reader, secretKeys);
        var alarmEmail = reader.OptionalPattern(SettingKeys.AlarmEmail, EmailPattern(),
            "must be an e-mail address such as ops@example.com", "(none: no notifications)");
        var cost = ReadCost(reader, defaults.Cost);
        var monitoring = ReadMonitoring(reader, defaults.Monitoring);
        var wafRequests = reader.Decimal(SettingKeys.UsageWafRequestsMillion, defaults.Waf.RequestsMillion, 0, 10_000_000);
        var wafLogs = reader.Decimal(SettingKeys.UsageWafLogGb, defaults.Waf.LogGb, 0, 10_000_000);

        var settings = new StackSettings
        {
            Project = config.Project,
            Stack = config.Stack,
            Profile = profile,
            Region = region,
            Network = network,
            Fleet = fleet,
            Image = image,
            RollbackTo = rollbackTo,
            HealthCheck = healthCheck,
            Deployment = deployment,
            IngressCidrs = ingress,
            Waf = new WafSettings(waf, wafRateLimit, wafRequests, wafLogs),
            CertificateArn = certificateArn,
            Tls = tls,
            Ssh = ssh,
            Database = database,
            EmptyBucketsOnDestroy = emptyBuckets,
            AlbDeletionProtection = albProtection,
            Tags = tags,
            App = app ?? AppSettings.Sample,
            Sites = sites,
            Cost = cost,
            AlarmEmail = alarmEmail,
            Monitoring = monitoring,
        };
        WarnAboutWeakProduction(reader, settings);

        return reader.Errors.Count == 0
            ? new SettingsResult(settings, [], reader.Warnings, reader.Effective)
            : new SettingsResult(null, reader.Errors, reader.Warnings, reader.Effective);
    }

    private static void ReportUnknownKeys(StackConfig config, ConfigReader reader, IReadOnlySet<string> secretKeys)
    {
        var prefix = config.Project + ":";
        foreach (var fullKey in config.Values.Keys.Order(StringComparer.Ordinal))
        {
            if (!fullKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = fullKey[prefix.Length..];
            if ((SettingKeys.IsKnown(name) && name != SettingKeys.Region) || secretKeys.Contains(fullKey))
            {
                continue;
            }

            var suggestion = KeySuggestion.Closest(name, SettingKeys.All.Select(key => key.Name));
            reader.Error(name, $"{fullKey} is not a setting of this stack"
                + (suggestion is null ? "" : $" (did you mean {suggestion}?)")
                + "; the settings are listed in the README under Configuration");
        }
    }

    private static Profile ReadProfile(StackConfig config, ConfigReader reader)
    {
        var fromName = ProfileNames.FromStackName(config.Stack);
        var text = reader.Text(SettingKeys.Profile);
        if (text is null)
        {
            reader.Record(SettingKeys.Profile, fromName.ToConfigText(), SettingSource.Derived);
            return fromName;
        }

        if (!ProfileNames.TryParse(text, out var profile))
        {
            reader.Invalid(SettingKeys.Profile, text, "must be dev or prod");
            return fromName;
        }

        reader.Record(SettingKeys.Profile, text, SettingSource.StackFile);
        return profile;
    }

    private static NetworkSettings ReadNetwork(ConfigReader reader, NetworkSettings defaults)
    {
        var azCount = reader.Int(SettingKeys.AzCount, defaults.AzCount, 2, SubnetPlan.MaxAzCount);
        var vpcCidr = defaults.VpcCidr;
        var text = reader.Text(SettingKeys.VpcCidr);
        if (text is null)
        {
            reader.RecordDefault(SettingKeys.VpcCidr, vpcCidr.ToString());
        }
        else if (!Ipv4Cidr.TryParse(text.Trim(), out var parsed, out var problem))
        {
            reader.Invalid(SettingKeys.VpcCidr, text, problem!.TrimStart());
        }
        else if (SubnetPlan.CheckVpcCidr(parsed) is { } planProblem)
        {
            reader.Invalid(SettingKeys.VpcCidr, text, planProblem);
        }
        else
        {
            vpcCidr = parsed;
            reader.Record(SettingKeys.VpcCidr, parsed.ToString(), SettingSource.StackFile);
        }

        var nat = reader.Choice(SettingKeys.NatStrategy, defaults.NatStrategy, defaults.NatStrategy.ToConfigText(), NatStrategyNames.All, NatStrategyNames.TryParse);
        var flowLogs = reader.Bool(SettingKeys.FlowLogs, defaults.FlowLogs);
        return new NetworkSettings(azCount, vpcCidr, nat, flowLogs);
    }

    private static FleetSettings ReadFleet(ConfigReader reader, FleetSettings defaults)
    {
        var instanceType = reader.Pattern(SettingKeys.InstanceType, defaults.InstanceType, InstanceTypePattern(),
            "must be an EC2 instance type such as t3.small or m7i.large");
        if (reader.IsSet(SettingKeys.InstanceType) && IsArm(instanceType))
        {
            reader.Invalid(SettingKeys.InstanceType, instanceType,
                "is an arm64 (Graviton) type, but the app is published for linux-x64 and the AMI is x86_64; use an x86_64 type such as t3.small, m7i.large or c7i.large");
        }

        var min = reader.Int(SettingKeys.MinSize, defaults.MinSize, 1, 100);
        var max = reader.Int(SettingKeys.MaxSize, defaults.MaxSize, 1, 100);
        if (min > max)
        {
            reader.Error(SettingKeys.MinSize, $"minSize ({min}) is greater than maxSize ({max})");
        }

        int desired;
        if (reader.IsSet(SettingKeys.DesiredCapacity))
        {
            desired = reader.Int(SettingKeys.DesiredCapacity, Math.Clamp(defaults.DesiredCapacity, min, Math.Max(min, max)), 1, 100);
            if (desired < min || desired > max)
            {
                reader.Error(SettingKeys.DesiredCapacity, $"desiredCapacity ({desired}) must be between minSize ({min}) and maxSize ({max})");
            }
        }
        else
        {
            desired = Math.Clamp(defaults.DesiredCapacity, Math.Min(min, max), Math.Max(min, max));
            reader.Record(SettingKeys.DesiredCapacity, desired.ToString(),
                desired == defaults.DesiredCapacity ? SettingSource.Default : SettingSource.Derived);
        }

        var cpuTarget = reader.Int(SettingKeys.ScalingCpuTarget, defaults.ScalingCpuTarget, 10, 90);
        var processes = reader.Int(SettingKeys.AppProcesses, defaults.AppProcesses, 1, 16);
        var basePort = reader.Int(SettingKeys.AppBasePort, defaults.AppBasePort, 1024, 65535);
        return new FleetSettings(instanceType, min, max, desired, processes, basePort, cpuTarget);
    }

    private static string? ReadRollbackTo(ConfigReader reader)
    {
        var release = reader.OptionalPattern(SettingKeys.RollbackTo, ReleasePattern(),
            "must be a release such as 3f9a1c0b7d2e: the first 12 characters of a package's hash, as the Releases output, the X-Release header and WEBSTACK_RELEASE name it",
            "(none: the build's release)");
        if (release is not null)
        {
            reader.Warn(SettingKeys.RollbackTo, $"rollbackTo holds the servers on release {release}: pulumi up deploys it instead of the build's release, "
                + "until `pulumi config rm webstack:rollbackTo` (then pulumi up deploys the build again)");
        }

        return release;
    }

    [GeneratedRegex(@"^[0-9a-f]{12}\z")]
    private static partial Regex ReleasePattern();

    private static Images.PinnedImage? ReadImage(ConfigReader reader)
    {
        var key = SettingKeys.Ami;
        var json = reader.Json(key, JsonValueKind.Object, "a map {id: ami-..., name: ..., created: ...}, as `webstack ami update <stack>` writes it");
        if (json is null)
        {
            if (!reader.IsSet(key))
            {
                // Not a warning: local runs need no image, and pulumi preview refuses to run without one, saying how to pin it.
                reader.RecordDefault(key, "(none: pulumi preview asks for one)");
            }

            return null;
        }

        var element = json.Value;
        foreach (var property in element.EnumerateObject().Where(property => property.Name is not ("id" or "name" or "created")))
        {
            reader.Error(key, $"ami.{property.Name} is not a property of the image; it has id, name and created");
        }

        string? Text(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var id = Text("id");
        if (id is null || !Images.PinnedImage.IdPattern().IsMatch(id))
        {
            reader.Error(key, $"ami.id = {(id is null ? "(missing)" : $"\"{id}\"")}: must be an AMI id such as ami-0abcdef1234567890 (run `webstack ami update {reader.Stack}`)");
            return null;
        }

        DateTimeOffset? created = null;
        if (Text("created") is { } createdText)
        {
            if (DateTimeOffset.TryParse(createdText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                created = parsed;
            }
            else
            {
                reader.Error(key, $"ami.created = \"{createdText}\": must be a date such as 2026-11-17T20:12:33Z");
            }
        }

        var image = new Images.PinnedImage(id, Text("name"), created);
        if (!image.IsAmazonLinux2023)
        {
            reader.Warn(key, $"ami {image.Describe()} is not named as Amazon's Amazon Linux 2023 images are; the servers' user data is written for Amazon Linux 2023 (dnf, systemd 252, its packages)");
        }

        reader.Record(key, image.Describe(), SettingSource.StackFile);
        return image;
    }

    /// <summary>Graviton families carry a "g" after the generation (m7g, c6gn, t4g, r8gd); a1 was the first.</summary>
    internal static bool IsArm(string instanceType)
    {
        var match = InstanceFamilyPattern().Match(instanceType);
        return match.Success
            && (match.Groups["attributes"].Value.Contains('g') || (match.Groups["family"].Value == "a" && match.Groups["generation"].Value == "1"));
    }

    private static HealthCheckSettings ReadHealthCheck(ConfigReader reader, HealthCheckSettings defaults)
    {
        const string allowed = "must be a path such as /healthz: a / then letters, digits and . _ ~ - /";
        var path = reader.Pattern(SettingKeys.HealthCheckPath, defaults.Path, HealthCheckPathPattern(), allowed);
        if (reader.IsSet(SettingKeys.HealthCheckPath) && path != defaults.Path)
        {
            if (path == "/")
            {
                reader.Invalid(SettingKeys.HealthCheckPath, path, "can't be / (nginx answers it itself, which would hide the app's home page); use a path such as /healthz");
            }
            else if (path.Contains("//", StringComparison.Ordinal))
            {
                reader.Invalid(SettingKeys.HealthCheckPath, path, "must not contain //");
            }
            else if (path.Split('/').Any(segment => segment is "." or ".."))
            {
                reader.Invalid(SettingKeys.HealthCheckPath, path, "must not contain . or .. segments (nginx resolves them, so its health check location would never match)");
            }
        }

        var interval = reader.Int(SettingKeys.HealthCheckInterval, defaults.IntervalSeconds, 5, 300);
        var healthy = reader.Int(SettingKeys.HealthyThreshold, defaults.HealthyThreshold, 2, 10);
        var unhealthy = reader.Int(SettingKeys.UnhealthyThreshold, defaults.UnhealthyThreshold, 2, 10);
        return new HealthCheckSettings(path, interval, healthy, unhealthy);
    }

    /// <summary>The default site's app: the sample when `app` is unset.</summary>
    private static AppSettings? ReadApp(ConfigReader reader, ISet<string> secretKeys)
    {
        var json = reader.Json(SettingKeys.App, JsonValueKind.Object,
            "a map of the app's settings, e.g. {project: src/Shop/Shop.csproj, healthPath: /healthz}");
        if (json is null)
        {
            if (!reader.IsSet(SettingKeys.App))
            {
                reader.RecordDefault(SettingKeys.App, SettingKeys.All.Single(key => key.Name == SettingKeys.App).DefaultFor(Profile.Dev));
            }

            return null;
        }

        var app = AppSettingsReader.Read(reader, SettingKeys.App, SettingKeys.App, json.Value, secretKeys);
        if (app is not null)
        {
            reader.Record(SettingKeys.App, app.Summary(), SettingSource.StackFile);
        }

        return app;
    }

    // The load balancer's check reaches nginx at healthCheckPath; a path nginx answers from the static folder would
    // never reach the app.
    private static void CheckHealthCheckPath(ConfigReader reader, HealthCheckSettings health, AppSettings? app)
    {
        var defaultApp = app ?? AppSettings.Sample;
        if (defaultApp.StaticDirectory is not null && (health.Path + "/").StartsWith(defaultApp.StaticPath, StringComparison.Ordinal))
        {
            reader.Invalid(SettingKeys.HealthCheckPath, health.Path,
                $"is under {defaultApp.StaticPath}, where nginx serves the app's static files (staticPath); use a path such as /healthz");
        }
    }

    private static string? ReadCertificateArn(ConfigReader reader, string region)
    {
        var arn = reader.OptionalPattern(SettingKeys.CertificateArn, CertificateArnPattern(),
            "must be an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-…", "(none: HTTP only)");
        if (arn is not null && arn != ConfigReader.SecretDisplay)
        {
            var arnRegion = CertificateArnPattern().Match(arn).Groups["region"].Value;
            if (arnRegion != region)
            {
                reader.Error(SettingKeys.CertificateArn,
                    $"certificateArn is in {arnRegion} but the stack is in {region} (aws:region); a load balancer can only use a certificate from its own region");
            }
        }

        return arn;
    }

    /// <param name="named">The stack has a domain: open to everyone, it is dualstack and ::/0 takes rules of its own.</param>
    private static IReadOnlyList<IPNetwork> ReadIngress(ConfigReader reader, IReadOnlyList<IPNetwork> defaults, bool https, bool named)
    {
        var cidrs = reader.CidrList(SettingKeys.IngressCidrs);
        if (cidrs is null)
        {
            reader.RecordDefault(SettingKeys.IngressCidrs, string.Join(",", defaults));
            return defaults;
        }

        var ports = https ? 2 : 1;
        var entries = cidrs.Count + (named && cidrs.Any(cidr => cidr.PrefixLength == 0) ? 1 : 0);
        if (entries * ports > MaxInboundRulesPerGroup)
        {
            reader.Error(SettingKeys.IngressCidrs,
                $"ingressCidrs has {cidrs.Count} entries{(entries > cidrs.Count ? " (and ::/0 for IPv6 clients)" : "")}, but the load balancer's security group holds at most {MaxInboundRulesPerGroup} inbound rules "
                + $"and each entry takes {ports}; list at most {MaxInboundRulesPerGroup / ports - (entries - cidrs.Count)}, or merge ranges");
        }

        return cidrs;
    }

    // The servers verify the database against their region's pinned RDS roots; a region without any can't be verified.
    private static void CheckRdsRootsCover(ConfigReader reader, string region)
    {
        if (RegionPattern().IsMatch(region) && !RdsCertificateAuthorities.Covers(region))
        {
            reader.Error(SettingKeys.Region,
                $"aws:region {region} has no Amazon RDS root certificates pinned in this version, so the servers couldn't verify the database; "
                + $"the pinned regions are {string.Join(", ", RdsCertificateAuthorities.Regions)} (core/Database/rds-root-cas.pem)");
        }
    }

    private static SshAccess? ReadSsh(ConfigReader reader)
    {
        var keyName = reader.OptionalPattern(SettingKeys.SshKeyName, KeyPairNamePattern(),
            "must be the name of an EC2 key pair (1-255 printable ASCII characters)", "(none: no SSH, SSM Session Manager)");
        var cidrs = reader.CidrList(SettingKeys.SshCidrs);
        if (cidrs is null)
        {
            reader.RecordDefault(SettingKeys.SshCidrs, "(none)");
        }

        foreach (var cidr in cidrs ?? [])
        {
            if (cidr.PrefixLength < 16)
            {
                var entry = reader.IsSecret(SettingKeys.SshCidrs) ? "sshCidrs (a secret): an entry" : $"sshCidrs: {cidr}";
                reader.Error(SettingKeys.SshCidrs,
                    $"{entry} is wider than a /16; SSH must come from admin ranges (a VPN or an office), never from {(cidr.PrefixLength == 0 ? "anywhere" : "a whole network")}");
            }
        }

        if (keyName is not null && cidrs is null)
        {
            reader.Error(SettingKeys.SshCidrs, "sshKeyName is set but sshCidrs is not; SSH needs both: the key pair and the admin ranges it may come from");
        }
        else if (keyName is null && cidrs is not null)
        {
            reader.Error(SettingKeys.SshKeyName, "sshCidrs is set but sshKeyName is not; SSH needs both: the key pair and the admin ranges it may come from");
        }

        return keyName is not null && cidrs is { Count: > 0 } ? new SshAccess(keyName, cidrs) : null;
    }

    private static DatabaseSettings ReadDatabase(ConfigReader reader, DatabaseSettings defaults)
    {
        var version = reader.Pattern(SettingKeys.DbEngineVersion, defaults.EngineVersion, DbEngineVersionPattern(),
            "must be a PostgreSQL version RDS supports, 14 to 18, as a major version (17) or major.minor (17.4)");
        var autoMinor = reader.Bool(SettingKeys.DbAutoMinorUpgrade, defaults.AutoMinorUpgrade);
        if (autoMinor && version.Contains('.', StringComparison.Ordinal))
        {
            // RDS moves the instance to a newer minor by itself; the stack would then ask for the older one back.
            var major = version.Split('.')[0];
            reader.Error(SettingKeys.DbEngineVersion, $"dbEngineVersion = {version} with dbAutoMinorUpgrade on: RDS upgrades the database to newer {major}.x minors by itself, "
                + $"and the next pulumi up would ask for {version} again, which RDS refuses (it never downgrades). Set dbEngineVersion to {major} (minors follow RDS), "
                + $"or set dbAutoMinorUpgrade to false to stay on {version} and upgrade minors yourself");
        }

        var instanceClass = reader.Pattern(SettingKeys.DbInstanceClass, defaults.InstanceClass, DbInstanceClassPattern(),
            "must be an RDS instance class such as db.t4g.micro or db.m7g.large");
        var storage = reader.Int(SettingKeys.DbAllocatedStorage, defaults.AllocatedStorageGb, 20, 65536);
        var multiAz = reader.Bool(SettingKeys.DbMultiAz, defaults.MultiAz);
        var retention = reader.Int(SettingKeys.DbBackupRetentionDays, defaults.BackupRetentionDays, 0, 35);
        var protection = reader.Bool(SettingKeys.DbDeletionProtection, defaults.DeletionProtection);
        var finalSnapshot = reader.Bool(SettingKeys.DbFinalSnapshot, defaults.FinalSnapshot);
        return new DatabaseSettings(version, instanceClass, storage, multiAz, retention, protection, finalSnapshot, autoMinor);
    }

    private static CostSettings ReadCost(ConfigReader reader, CostSettings defaults)
    {
        var usage = defaults.Usage;
        var egress = reader.Decimal(SettingKeys.UsageEgressGb, usage.EgressGb, 0, 10_000_000);
        var lcu = reader.Decimal(SettingKeys.UsageAlbLcu, usage.AlbLcu, 0, 100_000);
        var flowLogs = reader.Decimal(SettingKeys.UsageFlowLogGb, usage.FlowLogGb, 0, 10_000_000);
        var backups = reader.Decimal(SettingKeys.UsageBackupGb, usage.BackupGb, 0, 10_000_000);
        var packages = reader.Decimal(SettingKeys.UsagePackageGb, usage.PackageGb, 0, 100_000);
        var margin = reader.Int(SettingKeys.BudgetMarginPercent, defaults.BudgetMarginPercent, 0, 1000);
        return new CostSettings(new UsageAssumptions(egress, lcu, flowLogs, backups, packages), margin);
    }

    private static MonitoringSettings ReadMonitoring(ConfigReader reader, MonitoringSettings defaults)
    {
        var retention = reader.Choice(SettingKeys.LogRetentionDays, defaults.LogRetentionDays,
            defaults.LogRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture), LogRetention.AllowedTexts, LogRetention.TryParse);
        var serverLogs = reader.Decimal(SettingKeys.UsageServerLogGb, defaults.ServerLogGb, 0, 10_000_000);
        var albLogs = reader.Decimal(SettingKeys.UsageAlbLogGb, defaults.AlbLogGb, 0, 10_000_000);
        return new MonitoringSettings(retention, serverLogs, albLogs);
    }

    private static void CheckProcessesAndPorts(ConfigReader reader, FleetSettings fleet, IReadOnlyList<SiteSettings> sites)
    {
        var total = fleet.AppProcesses + sites.Sum(site => site.Processes);
        if (total > MaxTotalProcesses)
        {
            reader.Error(SettingKeys.Sites,
                $"appProcesses and sites add up to {total} app processes per server; at most {MaxTotalProcesses} fit on one server");
        }

        var lastPort = fleet.AppBasePort + total - 1;
        if (lastPort > 65535)
        {
            reader.Error(SettingKeys.AppBasePort,
                $"appBasePort ({fleet.AppBasePort}) leaves no room for {total} app processes (the last would be on port {lastPort}); use {65536 - total} or lower");
        }
    }

    private static void WarnAboutWeakProduction(ConfigReader reader, StackSettings settings)
    {
        if (settings.Profile != Profile.Prod)
        {
            return;
        }

        void WarnIf(bool condition, string key, string message)
        {
            if (condition)
            {
                reader.Warn(key, message);
            }
        }

        WarnIf(!settings.Waf.Enabled, SettingKeys.Waf, "prod without waf: the load balancer takes every request to the servers, with no managed rules and no rate limit per client (Security Hub ELB.16)");
        WarnIf(settings.Fleet.MinSize < 2, SettingKeys.MinSize, $"prod with minSize {settings.Fleet.MinSize}: one server failing takes the service down");
        WarnIf(settings.Network.NatStrategy == NatStrategy.Single, SettingKeys.NatStrategy, "prod with one NAT gateway: losing its zone cuts every server's way out");
        WarnIf(!settings.Database.MultiAz, SettingKeys.DbMultiAz, "prod without dbMultiAz: a zone outage takes the database down");
        WarnIf(!settings.Database.DeletionProtection, SettingKeys.DbDeletionProtection, "prod without dbDeletionProtection: pulumi destroy deletes the database");
        WarnIf(!settings.Database.FinalSnapshot, SettingKeys.DbFinalSnapshot, "prod without dbFinalSnapshot: a deleted database leaves no snapshot");
        WarnIf(!settings.AlbDeletionProtection, SettingKeys.AlbDeletionProtection, "prod without albDeletionProtection: pulumi destroy deletes the load balancer, and the stack's address with it");
        WarnIf(settings.EmptyBucketsOnDestroy, SettingKeys.EmptyBucketsOnDestroy, "prod with emptyBucketsOnDestroy: pulumi destroy deletes every app package and access log with the buckets");
        WarnIf(settings.Database.BackupRetentionDays < 7, SettingKeys.DbBackupRetentionDays,
            $"prod keeps {settings.Database.BackupRetentionDays} days of backups; 7 or more is usual");
        WarnIf(!settings.Network.FlowLogs, SettingKeys.FlowLogs, "prod without flowLogs: no record of who talked to whom");
        WarnIf(!settings.HttpsEnabled, SettingKeys.DomainName, "prod without domainName or certificateArn serves plain HTTP");
    }
}
