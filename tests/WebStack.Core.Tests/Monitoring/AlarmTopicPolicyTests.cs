// The alarm topic's policy: the account keeps SNS's default rights, and CloudWatch and AWS Budgets may publish only
// for this account's own alarms and budgets.
using System.Text.Json;
using WebStack.Core.Monitoring;

namespace WebStack.Core.Tests.Monitoring;

public sealed class AlarmTopicPolicyTests
{
    private const string Topic = "arn:aws:sns:ap-northeast-2:123456789012:webstack-prod-alarms-1a2b3c4";

    [Fact]
    public void Only_this_accounts_alarms_and_budgets_may_publish_besides_the_account()
    {
        using var document = JsonDocument.Parse(AlarmTopicPolicy.Document(Topic));
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToDictionary(statement => statement.GetProperty("Sid").GetString()!);

        Assert.Equal(["TheAccount", "TheAccountsAlarms", "TheAccountsBudgets"], statements.Keys.Order());
        Assert.All(statements.Values, statement => Assert.Equal(Topic, statement.GetProperty("Resource").GetString()));
        Assert.Equal("123456789012", statements["TheAccount"].GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceOwner").GetString());
        foreach (var (sid, service, source) in new[]
        {
            ("TheAccountsAlarms", "cloudwatch.amazonaws.com", "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:*"),
            ("TheAccountsBudgets", "budgets.amazonaws.com", "arn:aws:budgets::123456789012:*"),
        })
        {
            var statement = statements[sid];
            Assert.Equal(service, statement.GetProperty("Principal").GetProperty("Service").GetString());
            Assert.Equal("sns:Publish", statement.GetProperty("Action").GetString());
            Assert.Equal("123456789012", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString());
            Assert.Equal(source, statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").GetString());
        }
    }

    [Fact]
    public void The_partition_comes_from_the_topic()
    {
        Assert.Contains("arn:aws-cn:budgets::123456789012:*", AlarmTopicPolicy.Document("arn:aws-cn:sns:cn-north-1:123456789012:t"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AlarmTopicPolicy.Document("arn:aws:s3:::bucket"));
    }
}
