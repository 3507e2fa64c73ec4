// The cost budget: a monthly COST budget over the stack's Stack tag, its limit the core's estimate at maxSize plus
// the margin, alerts only to a named address, and none at all with a margin of 0.
using WebStack.Core.Cost;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class CostBudgetTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheBudgetLimitsTheStacksTaggedCostsToTheEstimateAtMaxSizePlusTheMargin(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var expected = Math.Ceiling(StackCost.For(run.Plan, PriceTableLoader.Embedded).AtMax.Total * 1.2m);

        var budget = run.Single(ResourceTypes.Budget);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), budget.Text("limitAmount"));
        Assert.True(expected > 50, $"a {stack} stack costs more than $50 a month; the limit was {expected}");
        Assert.Equal("USD", budget.Text("limitUnit"));
        Assert.Equal("COST", budget.Text("budgetType"));
        Assert.Equal("MONTHLY", budget.Text("timeUnit"));
        var filter = Assert.Single(budget.Maps("costFilters"));
        Assert.Equal("TagKeyValue", filter.Text("name"));
        Assert.Equal([$"user:Stack${stack}"], ((IEnumerable<object>)filter.Get("values")!).Cast<string>());
        Assert.Equal(run.Plan.Names.Budget.Logical, budget.Name);
        Assert.Single(run.Registered, resource => resource.Type == CostBudget.TypeToken);
    }

    [Fact]
    public async Task TheDevBudgetInUsEast1Is145Dollars()
    {
        var run = await StackRunner.RunAsync("dev");

        Assert.Equal("145", run.Single(ResourceTypes.Budget).Text("limitAmount"));
    }

    [Fact]
    public async Task WithAnAlarmEmailItWarnsAt80PercentSpentAnd100PercentForecast()
    {
        var run = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["alarmEmail"] = "ops@example.com" });

        var notifications = run.Single(ResourceTypes.Budget).Maps("notifications");
        Assert.Equal(2, notifications.Count);
        Assert.Equal(["ACTUAL:80", "FORECASTED:100"], notifications.Select(n => $"{n.Text("notificationType")}:{n.Number("threshold")}"));
        Assert.All(notifications, notification =>
        {
            Assert.Equal("GREATER_THAN", notification.Text("comparisonOperator"));
            Assert.Equal("PERCENTAGE", notification.Text("thresholdType"));
            Assert.Equal(["ops@example.com"], ((IEnumerable<object>)notification.Get("subscriberEmailAddresses")!).Cast<string>());
            Assert.Equal([TopicArn(run)], ((IEnumerable<object>)notification.Get("subscriberSnsTopicArns")!).Cast<string>());
        });
    }

    [Fact]
    public async Task WithoutAnAlarmEmailTheBudgetTellsTheAlarmTopicWhichTheAccountsBudgetsMayPublishTo()
    {
        var run = await StackRunner.RunAsync("dev", slowToCreate: new HashSet<string> { ResourceTypes.TopicPolicy });

        var budget = run.Single(ResourceTypes.Budget);
        var notifications = budget.Maps("notifications");
        Assert.Equal(["ACTUAL:80", "FORECASTED:100"], notifications.Select(n => $"{n.Text("notificationType")}:{n.Number("threshold")}"));
        Assert.All(notifications, notification =>
        {
            Assert.Equal([TopicArn(run)], ((IEnumerable<object>)notification.Get("subscriberSnsTopicArns")!).Cast<string>());
            Assert.Empty(notification.Get("subscriberEmailAddresses") as IEnumerable<object> ?? []);
        });

        // The topic's policy lets this account's budgets and alarms publish, and nobody else's; it exists before the budget.
        var policy = run.Single(ResourceTypes.TopicPolicy);
        Assert.Equal(TopicArn(run), policy.Text("arn"));
        using var document = System.Text.Json.JsonDocument.Parse(policy.Text("policy"));
        var budgets = document.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(statement => statement.TryGetProperty("Principal", out var principal) && principal.TryGetProperty("Service", out var service) && service.GetString() == "budgets.amazonaws.com");
        Assert.Equal("sns:Publish", budgets.GetProperty("Action").GetString());
        Assert.Equal(MockCloud.Account, budgets.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString());
        Assert.Equal($"arn:aws:budgets::{MockCloud.Account}:*", budgets.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").GetString());
        Assert.True(run.CreatedAfter(budget, policy), "the budget was created before the topic let budgets publish");
    }

    private static string TopicArn(StackRun run) => $"arn:aws:sns:{MockCloud.Region}:{MockCloud.Account}:{MockCloud.AutonameFor(run.Single(ResourceTypes.Topic).Name!)}";

    [Fact]
    public async Task AMarginOfZeroCreatesNoBudget()
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["budgetMarginPercent"] = "0" });

        Assert.Empty(run.OfType(ResourceTypes.Budget));
        Assert.DoesNotContain(run.Registered, resource => resource.Type == CostBudget.TypeToken);
    }
}
