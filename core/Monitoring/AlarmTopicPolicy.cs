// Who may publish to the stack's alarm topic: its own account (SNS's default statement, which a topic policy
// replaces), the account's CloudWatch alarms and the account's AWS Budgets budgets, each service only for this
// account's own alarms and budgets (aws:SourceAccount and aws:SourceArn), so no other account's can post through it.
// Whoever subscribes to the topic hears the alarms and the bill alike.
using System.Text.Json;

namespace WebStack.Core.Monitoring;

public static class AlarmTopicPolicy
{
    public const string BudgetsPrincipal = "budgets.amazonaws.com";

    public const string CloudWatchPrincipal = "cloudwatch.amazonaws.com";

    /// <summary>The policy document of the topic <paramref name="topicArn"/> (arn:partition:sns:region:account:name).</summary>
    public static string Document(string topicArn)
    {
        var parts = topicArn.Split(':');
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sns")
        {
            throw new ArgumentException($"not an SNS topic ARN: {topicArn}", nameof(topicArn));
        }

        var (partition, region, account) = (parts[1], parts[3], parts[4]);
        object Service(string sid, string principal, string sourceArn) => new
        {
            Sid = sid,
            Effect = "Allow",
            Principal = new { Service = principal },
            Action = "sns:Publish",
            Resource = topicArn,
            Condition = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, string> { ["aws:SourceAccount"] = account },
                ["ArnLike"] = new Dictionary<string, string> { ["aws:SourceArn"] = sourceArn },
            },
        };

        return JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new object[]
            {
                new
                {
                    Sid = "TheAccount",
                    Effect = "Allow",
                    Principal = new { AWS = "*" },
                    Action = new[]
                    {
                        "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic",
                        "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
                    },
                    Resource = topicArn,
                    Condition = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, string> { ["AWS:SourceOwner"] = account } },
                },
                Service("TheAccountsAlarms", CloudWatchPrincipal, $"arn:{partition}:cloudwatch:{region}:{account}:alarm:*"),
                Service("TheAccountsBudgets", BudgetsPrincipal, $"arn:{partition}:budgets::{account}:*"),
            },
        });
    }
}
