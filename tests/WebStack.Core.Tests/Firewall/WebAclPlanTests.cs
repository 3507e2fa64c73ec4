// The web application firewall's plan, settings and price: prod has one (AWS's common and known-bad-inputs groups
// and a rate limit per client address), dev doesn't unless asked, prod without one is warned about, and its web ACL,
// rules, inspected requests and logs are in the cost estimate.
using WebStack.Core.Cost;
using WebStack.Core.Firewall;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Firewall;

public sealed class WebAclPlanTests
{
    [Fact]
    public void Prod_has_aws_managed_rules_and_a_rate_limit_per_client_in_that_order()
    {
        var plan = StackPlan.From(Config.ValidStack("prod")).WebAcl!;

        Assert.Equal(
            [("aws-common", 10, WebAclPlan.CommonRuleSet, (int?)null), ("aws-known-bad-inputs", 20, WebAclPlan.KnownBadInputs, null), ("rate-per-client", 30, null, 2000)],
            plan.Rules.Select(rule => (rule.Name, rule.Priority, rule.ManagedGroup, rule.RateLimit)));
        Assert.All(plan.Rules.Select(rule => rule.MetricName).Append(plan.MetricName), name => Assert.Matches("^[A-Za-z0-9]{1,128}$", name));
        Assert.Equal(["authorization", "cookie"], WebAclPlan.RedactedHeaders);
    }

    [Fact]
    public void Dev_has_none_unless_asked_and_prod_without_one_is_warned_about()
    {
        Assert.Null(StackPlan.From(Config.Valid()).WebAcl);
        Assert.Equal(500, StackPlan.From(Config.Valid(("waf", "true"), ("wafRateLimit", "500"))).WebAcl!.Rules[^1].RateLimit);

        var prodWithout = Config.ReadStack("prod", ("waf", "false"));
        Config.AssertValid(prodWithout);
        Assert.Contains(prodWithout.Warnings, warning => warning.Key == "waf" && warning.Message.Contains("ELB.16", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("2000000001")]
    [InlineData("lots")]
    public void A_rate_limit_outside_what_waf_takes_is_refused(string value)
    {
        Config.AssertRefused(Config.Read(("wafRateLimit", value)), "wafRateLimit", "wafRateLimit");
    }

    [Fact]
    public void The_estimate_prices_the_web_acl_its_rules_the_requests_it_inspects_and_its_logs()
    {
        var cost = StackCost.For(StackPlan.From(Config.ValidStack("prod", ("usageWafRequestsMillion", "100"), ("usageWafLogGb", "4"))), PriceTableLoader.Embedded).Start;

        decimal? Monthly(string id) => Assert.Single(cost.Lines, line => line.Id == id).Monthly;
        Assert.Equal(5.00m, Monthly("waf-acl"));
        Assert.Equal(3.00m, Monthly("waf-rules"));
        Assert.Equal(60.00m, Monthly("waf-requests"));
        Assert.Equal(2.00m, Monthly("waf-logs-ingested"));
        Assert.NotNull(Monthly("waf-logs-stored"));
        var dev = StackCost.For(StackPlan.From(Config.Valid()), PriceTableLoader.Embedded).Start;
        Assert.DoesNotContain(dev.Lines, line => line.Id.StartsWith("waf", StringComparison.Ordinal));
    }
}
