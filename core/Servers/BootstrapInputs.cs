// What a server's user data needs that only exists once the apps are built and AWS resources exist: where each
// site's package is, its hash and how it starts, where the database's root certificates are, and which secrets hold
// the database credentials and each site's own secrets. Checked here so a malformed value fails the deployment
// instead of a server's boot.
using System.Text.RegularExpressions;
using WebStack.Core.Apps;

namespace WebStack.Core.Servers;

/// <param name="CaBundleKey">The key of the region's RDS root certificates in the package bucket (ca/rds-&lt;region&gt;-&lt;sha256&gt;.pem).</param>
/// <param name="CaBundleSha256">Their SHA-256, pinned in the core; the user data refuses a file with any other.</param>
public sealed partial record BootstrapInputs(string Region, string PackageBucket, string DatabaseSecretArn, string CaBundleKey, string CaBundleSha256)
{
    /// <summary>Where the server's CloudWatch agent sends its logs and metrics.</summary>
    public required ServerMonitoring Monitoring { get; init; }

    /// <summary>Each site's package, by site name: every site of the server has one.</summary>
    public required IReadOnlyDictionary<string, SitePackage> Sites { get; init; }

    /// <summary>The inputs for the sites' packages and the database secret, with the region's pinned RDS roots.</summary>
    public static BootstrapInputs For(string region, string bucket, string databaseSecretArn, IReadOnlyDictionary<string, SitePackage> sites, ServerMonitoring monitoring)
    {
        var bundle = Database.RdsCertificateAuthorities.For(region);
        return new BootstrapInputs(region, bucket, databaseSecretArn, bundle.ObjectKey, bundle.Sha256) { Monitoring = monitoring, Sites = sites };
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}$")]
    internal static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$")]
    internal static partial Regex SecretArnPattern();

    /// <summary>Every problem with the values, empty when they are fit for the user data.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!RegionPattern().IsMatch(Region))
        {
            problems.Add($"region \"{Region}\" is not an AWS region code such as us-east-1");
        }

        if (!BucketPattern().IsMatch(PackageBucket))
        {
            problems.Add($"package bucket \"{PackageBucket}\" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, dashes)");
        }

        foreach (var (site, package) in Sites.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            problems.AddRange(package.Problems().Select(problem => $"site {site}: {problem}"));
        }

        if (!Sha256Pattern().IsMatch(CaBundleSha256))
        {
            problems.Add($"RDS root certificates hash \"{CaBundleSha256}\" is not a lower-case hex SHA-256");
        }
        else if (CaBundleKey != $"ca/rds-{Region}-{CaBundleSha256}.pem")
        {
            problems.Add($"RDS root certificates key \"{CaBundleKey}\" must be ca/rds-<region>-<hash>.pem for the region and the file's own hash");
        }

        if (!SecretArnPattern().IsMatch(DatabaseSecretArn))
        {
            problems.Add($"database secret \"{DatabaseSecretArn}\" is not a Secrets Manager secret ARN");
        }

        problems.AddRange(Monitoring.Problems());
        return problems;
    }
}

/// <summary>A site's package in the bucket, how its processes start, and the secret holding its own secrets (if it has any).</summary>
/// <param name="PackageKey">app/&lt;owner&gt;/&lt;sha256&gt;.tar.gz: the package of the site that owns the app (the default
/// site for the sites that run its app).</param>
public sealed partial record SitePackage(string PackageKey, string PackageSha256, AppCommand Start, string? SecretsArn = null)
{
    [GeneratedRegex(@"^app/[a-z][a-z0-9-]{0,19}/(?<sha>[0-9a-f]{64})\.tar\.gz$")]
    private static partial Regex KeyPattern();

    public AppLaunch Launch => new(AppPackage.ReleaseNameOf(PackageSha256), Start);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!BootstrapInputs.Sha256Pattern().IsMatch(PackageSha256))
        {
            problems.Add($"package hash \"{PackageSha256}\" is not a lower-case hex SHA-256");
        }
        else if (KeyPattern().Match(PackageKey) is not { Success: true } key || key.Groups["sha"].Value != PackageSha256)
        {
            problems.Add($"package key \"{PackageKey}\" must be app/<site>/<hash>.tar.gz for the package's own hash");
        }

        if (SecretsArn is not null && !BootstrapInputs.SecretArnPattern().IsMatch(SecretsArn))
        {
            problems.Add($"secrets \"{SecretsArn}\" is not a Secrets Manager secret ARN");
        }

        return problems;
    }
}
