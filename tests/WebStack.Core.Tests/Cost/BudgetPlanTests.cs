// The budget follows the estimate at maxSize with the margin, filters the stack's own tag, and only notifies
// someone who was named.
using WebStack.Core.Cost;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Cost;

public class BudgetPlanTests
{
    private static (BudgetPlan Budget, StackCost Cost) For(string stack, params (string Name, string Value)[] settings)
    {
        var plan = StackPlan.From(Config.ValidStack(stack, settings));
        var cost = StackCost.For(plan, PriceTableLoader.Embedded);
        return (BudgetPlan.For(plan, cost), cost);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_limit_is_the_estimate_at_max_size_plus_the_margin_rounded_up_to_whole_dollars(string stack)
    {
        var (budget, cost) = For(stack, ("budgetMarginPercent", "25"));

        Assert.True(budget.Enabled);
        Assert.Equal(Math.Ceiling(cost.AtMax.Total * 1.25m), budget.LimitUsd);
        Assert.True(budget.LimitUsd > cost.AtMax.Total);
        Assert.Equal(budget.LimitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture), budget.LimitAmount);
        Assert.Equal($"user:Stack${stack}", budget.TagFilterValue);
        Assert.Null(budget.Note);
    }

    [Fact]
    public void A_margin_of_zero_turns_the_budget_off()
    {
        var (budget, _) = For("dev", ("budgetMarginPercent", "0"));

        Assert.False(budget.Enabled);
        Assert.Contains("budgetMarginPercent is 0", budget.Note);
    }

    [Fact]
    public void With_an_alarm_email_it_warns_at_80_percent_spent_and_100_percent_forecast()
    {
        var (budget, _) = For("dev", ("alarmEmail", "ops@example.com"));

        Assert.Equal("ops@example.com", budget.Email);
        Assert.Equal([new BudgetAlert("ACTUAL", 80), new BudgetAlert("FORECASTED", 100)], budget.Alerts);
    }

    [Fact]
    public void Without_an_alarm_email_the_budget_still_tells_the_alarm_topic()
    {
        var (budget, _) = For("dev");

        Assert.True(budget.Enabled);
        Assert.Null(budget.Email);
        Assert.Equal(BudgetPlan.StandardAlerts, budget.Alerts);
    }

    [Fact]
    public void Unpriced_items_are_named_as_left_out_of_the_limit()
    {
        var (budget, _) = For("dev", ("aws:region", "ap-northeast-2"), ("instanceType", "c7i.large"));

        Assert.True(budget.Enabled);
        Assert.Contains("servers: c7i.large", budget.Note);
    }

    [Fact]
    public void A_region_with_no_prices_gets_no_budget_and_says_why()
    {
        var (budget, _) = For("dev", ("aws:region", "eu-central-1"));

        Assert.False(budget.Enabled);
        Assert.Contains("eu-central-1", budget.Note);
    }
}
