// IAM policy documents as JSON text: the trust policy of a role and least-privilege allow statements.
using System.Text.Json;

namespace WebStack.Infra;

/// <param name="Condition">Condition operator to condition key to value, e.g. StringEquals: cloudwatch:namespace: CWAgent.</param>
internal sealed record PolicyStatement(
    string Sid,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Condition = null);

internal static class PolicyDocuments
{
    public const string Version = "2012-10-17";

    /// <summary>The trust policy that lets <paramref name="service"/> (e.g. ec2.amazonaws.com) assume the role.</summary>
    public static string AssumeRole(string service) =>
        JsonSerializer.Serialize(new
        {
            Version,
            Statement = new[]
            {
                new { Effect = "Allow", Principal = new { Service = service }, Action = "sts:AssumeRole" },
            },
        });

    public static string Allow(params PolicyStatement[] statements) =>
        JsonSerializer.Serialize(new
        {
            Version,
            Statement = statements.Select(statement => new
            {
                statement.Sid,
                Effect = "Allow",
                Action = statement.Actions,
                Resource = statement.Resources,
                statement.Condition,
            }),
        }, OmitNulls);

    /// <summary>
    /// A bucket's policy: requests over plain HTTP are refused for everyone (S3.5), and <paramref name="principal"/>
    /// ({"AWS": arn} or {"Service": name}), when given, may do <paramref name="action"/> on <paramref name="resource"/>.
    /// </summary>
    public static string BucketPolicy(string bucketArn, string? sid = null, IReadOnlyDictionary<string, string>? principal = null, string? action = null, string? resource = null)
    {
        var statements = new List<object>
        {
            new
            {
                Sid = "TlsOnly",
                Effect = "Deny",
                Principal = "*",
                Action = "s3:*",
                Resource = new[] { bucketArn, $"{bucketArn}/*" },
                Condition = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, string> { ["aws:SecureTransport"] = "false" } },
            },
        };
        if (principal is not null)
        {
            statements.Add(new { Sid = sid, Effect = "Allow", Principal = principal, Action = action, Resource = resource });
        }

        return JsonSerializer.Serialize(new { Version, Statement = statements });
    }

    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}

internal static class AwsPartition
{
    /// <summary>The ARN partition of a region: aws, aws-cn or aws-us-gov.</summary>
    public static string Of(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";
}
