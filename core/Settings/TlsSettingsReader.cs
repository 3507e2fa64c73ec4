// Reads the stack's name, its hosted zone, HSTS and the database's certificate authority: the domain a valid DNS name
// inside the zone, both or neither, and the certificate ACM would issue for it within ACM's limits. certificateArn
// together with a domain is allowed on purpose: that certificate (made elsewhere, e.g. a wildcard) is used instead of
// requesting one, and the domain still gets its records and its URL.
using System.Text.RegularExpressions;
using WebStack.Core.Database;
using WebStack.Core.Network;

namespace WebStack.Core.Settings;

internal static partial class TlsSettingsReader
{
    /// <summary>ACM writes a certificate's first name into its common name, which holds at most 64 characters.</summary>
    public const int MaxCertificateNameLength = 64;

    public const int MaxHstsMaxAgeSeconds = 63_072_000;

    // A Route 53 hosted zone id as the console shows it (Z, then upper-case letters and digits), or as the API's path.
    [GeneratedRegex(@"^(/hostedzone/)?(?<id>Z[A-Z0-9]{1,31})\z")]
    private static partial Regex ZoneIdPattern();

    public static TlsSettings Read(ConfigReader reader, TlsDefaults defaults, string? certificateArn)
    {
        var domain = ReadDomain(reader, certificateArn);
        var zone = ReadZone(reader);
        var domainSet = reader.IsSet(SettingKeys.DomainName);
        var zoneSet = reader.IsSet(SettingKeys.HostedZone);
        if (domainSet && !zoneSet)
        {
            reader.Error(SettingKeys.HostedZone,
                "domainName is set but hostedZone is not; a name needs the public Route 53 zone its records go in: hostedZone: example.com (or the zone's id, Z...)");
        }
        else if (zoneSet && !domainSet)
        {
            reader.Error(SettingKeys.DomainName,
                "hostedZone is set but domainName is not; name the host in that zone the stack answers on, e.g. domainName: www.example.com");
        }

        if (domain is not null && zone?.Name is { } zoneName && !DnsName.IsWithin(domain, zoneName))
        {
            reader.Error(SettingKeys.DomainName,
                $"domainName {domain} is not in the hosted zone {zoneName} (hostedZone); it must be {zoneName} itself or a name ending in .{zoneName}");
        }

        var hsts = reader.Int(SettingKeys.HstsMaxAgeSeconds, defaults.HstsMaxAgeSeconds, 0, MaxHstsMaxAgeSeconds);
        if (reader.IsSet(SettingKeys.HstsMaxAgeSeconds) && hsts > 0 && domain is null && certificateArn is null)
        {
            reader.Warn(SettingKeys.HstsMaxAgeSeconds, "hstsMaxAgeSeconds has no effect: without domainName or certificateArn the stack serves plain HTTP, where HSTS is never sent");
        }

        var ca = reader.Choice(SettingKeys.DbCaCertificate, defaults.DatabaseCaIdentifier, defaults.DatabaseCaIdentifier, RdsCaIdentifiers.All,
            (string text, out string value) =>
            {
                value = text.Trim();
                return RdsCaIdentifiers.All.Contains(value);
            });

        var stackDomain = domain is not null && zone is not null ? new StackDomain(domain, zone) : null;
        return new TlsSettings(stackDomain, hsts, ca);
    }

    private static string? ReadDomain(ConfigReader reader, string? certificateArn)
    {
        var text = reader.Text(SettingKeys.DomainName);
        if (string.IsNullOrWhiteSpace(text))
        {
            reader.RecordDefault(SettingKeys.DomainName, "(none: the load balancer's DNS name)");
            return null;
        }

        if (!DnsName.TryNormalize(text, 2, out var name, out var problem))
        {
            reader.Invalid(SettingKeys.DomainName, text, problem);
            return null;
        }

        if (certificateArn is null && name.Length > MaxCertificateNameLength)
        {
            reader.Invalid(SettingKeys.DomainName, text,
                $"has {name.Length} characters, and ACM puts the name of a certificate it issues in its common name, which holds {MaxCertificateNameLength}; "
                + "use a shorter name, or a certificate made elsewhere that covers it (certificateArn)");
            return null;
        }

        reader.Record(SettingKeys.DomainName, name, SettingSource.StackFile);
        return name;
    }

    private static HostedZoneRef? ReadZone(ConfigReader reader)
    {
        var text = reader.Text(SettingKeys.HostedZone);
        if (string.IsNullOrWhiteSpace(text))
        {
            reader.RecordDefault(SettingKeys.HostedZone, "(none)");
            return null;
        }

        if (ZoneIdPattern().Match(text.Trim()) is { Success: true } id)
        {
            reader.Record(SettingKeys.HostedZone, id.Groups["id"].Value, SettingSource.StackFile);
            return HostedZoneRef.ById(id.Groups["id"].Value);
        }

        if (!DnsName.TryNormalize(text, 2, out var name, out var problem))
        {
            reader.Invalid(SettingKeys.HostedZone, text,
                $"{problem}; hostedZone is the zone's domain, such as example.com, or its id, such as Z0123456789ABCDEFGHIJ");
            return null;
        }

        reader.Record(SettingKeys.HostedZone, name, SettingSource.StackFile);
        return HostedZoneRef.ByName(name);
    }
}
