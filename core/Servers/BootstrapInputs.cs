// What a server's user data needs that only exists once AWS resources do: where the app package is, its hash,
// and which secret holds the database credentials. Checked here so a malformed value fails the deployment
// instead of a server's boot.
using System.Text.RegularExpressions;

namespace WebStack.Core.Servers;

public sealed partial record BootstrapInputs(string Region, string PackageBucket, string PackageKey, string PackageSha256, string DatabaseSecretArn)
{
    /// <summary>Where the server's CloudWatch agent sends its logs and metrics.</summary>
    public required ServerMonitoring Monitoring { get; init; }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$")]
    private static partial Regex SecretArnPattern();

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

        if (!Sha256Pattern().IsMatch(PackageSha256))
        {
            problems.Add($"package hash \"{PackageSha256}\" is not a lower-case hex SHA-256");
        }
        else if (PackageKey != $"app/{PackageSha256}.tar.gz")
        {
            problems.Add($"package key \"{PackageKey}\" must be app/<hash>.tar.gz for the package's own hash");
        }

        if (!SecretArnPattern().IsMatch(DatabaseSecretArn))
        {
            problems.Add($"database secret \"{DatabaseSecretArn}\" is not a Secrets Manager secret ARN");
        }

        problems.AddRange(Monitoring.Problems());
        return problems;
    }
}
