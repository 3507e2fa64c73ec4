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

    /// <summary>A resource policy letting <paramref name="principal"/> ({"AWS": arn} or {"Service": name}) do one action on one resource.</summary>
    public static string AllowPrincipal(string sid, IReadOnlyDictionary<string, string> principal, string action, string resource) =>
        JsonSerializer.Serialize(new
        {
            Version,
            Statement = new[]
            {
                new { Sid = sid, Effect = "Allow", Principal = principal, Action = action, Resource = resource },
            },
        });

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
