// The web application firewall: prod's load balancer has an AWS WAF web ACL (Security Hub ELB.16) that allows by
// default, runs AWS's common and known-bad-inputs rule groups as shipped and blocks a client address past the rate
// limit; every rule has metrics and samples (WAF.12), the ACL has rules (WAF.10) and logs (WAF.11) to an
// "aws-waf-logs-" group with the credentials headers redacted. Dev has none unless waf is set.
using WebStack.Core.Firewall;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class WebFirewallTests
{
    [Fact]
    public async Task ProdsLoadBalancerIsBehindAWebAclOfAwsManagedRulesAndARateLimitPerClient()
    {
        var run = await StackRunner.RunAsync("prod");

        var acl = run.Single(ResourceTypes.WebAcl);
        Assert.Equal(run.Plan.Names.WebAcl.Logical, acl.Text("name"));
        Assert.Equal(WebFirewall.Scope, acl.Text("scope"));
        Assert.True(acl.Map("defaultAction").ContainsKey("allow"));
        var rules = acl.Maps("rules");
        Assert.Equal(["aws-common:10", "aws-known-bad-inputs:20", "rate-per-client:30"], rules.Select(rule => $"{rule.Text("name")}:{rule.Number("priority")}"));
        Assert.Equal(
            [(WebAclPlan.Vendor, WebAclPlan.CommonRuleSet), (WebAclPlan.Vendor, WebAclPlan.KnownBadInputs)],
            rules.Take(2).Select(rule => rule.Map("statement").Map("managedRuleGroupStatement")).Select(group => (group.Text("vendorName"), group.Text("name"))));
        // The groups' own rules decide (override "none"); the rate rule blocks.
        Assert.All(rules.Take(2), rule => Assert.True(rule.Map("overrideAction").ContainsKey("none")));
        var rate = rules[2];
        Assert.True(rate.Map("action").ContainsKey("block"));
        Assert.Equal(("IP", run.Plan.Settings.Waf.RateLimit), (rate.Map("statement").Map("rateBasedStatement").Text("aggregateKeyType"), rate.Map("statement").Map("rateBasedStatement").Number("limit")));
        Assert.All(rules.Append((IReadOnlyDictionary<string, object>)acl.Inputs.ToDictionary(pair => pair.Key, pair => pair.Value)), rule =>
        {
            var visibility = rule.Map("visibilityConfig");
            Assert.True(visibility.Flag("cloudwatchMetricsEnabled") && visibility.Flag("sampledRequestsEnabled"));
            Assert.Matches("^[A-Za-z0-9]+$", visibility.Text("metricName"));
        });

        var association = run.Single(ResourceTypes.WebAclAssociation);
        Assert.Equal(MockCloud.ArnFor(run.Single(ResourceTypes.LoadBalancer).Name!), association.Text("resourceArn"));
        Assert.Equal(MockCloud.WebAclArnFor(acl.Text("name"), acl.Name!), association.Text("webAclArn"));
    }

    [Fact]
    public async Task TheWebAclLogsToItsOwnGroupWithTheCredentialsHeadersRedacted()
    {
        var run = await StackRunner.RunAsync("prod");

        var group = run.Named(ResourceTypes.LogGroup, run.Plan.Names.WebAclLogGroup);
        Assert.StartsWith(WebAclPlan.LogGroupPrefix, MockCloud.AutonameFor(group.Name!), StringComparison.Ordinal);
        Assert.Equal(run.Plan.Settings.Monitoring.LogRetentionDays, group.Number("retentionInDays"));
        var logging = run.Single(ResourceTypes.WebAclLogging);
        var acl = run.Single(ResourceTypes.WebAcl);
        Assert.Equal(MockCloud.WebAclArnFor(acl.Text("name"), acl.Name!), logging.Text("resourceArn"));
        Assert.Equal([MockCloud.LogGroupArnFor(group.Name!)], logging.Texts("logDestinationConfigs"));
        Assert.Equal(WebAclPlan.RedactedHeaders, logging.Maps("redactedFields").Select(field => field.Map("singleHeader").Text("name")));
    }

    [Fact]
    public async Task DevHasNoFirewallUnlessAskedAndThenTheSameOneWithItsOwnRateLimit()
    {
        var dev = await StackRunner.RunAsync("dev");
        Assert.Empty(dev.OfType(ResourceTypes.WebAcl));
        Assert.Empty(dev.OfType(ResourceTypes.WebAclAssociation));

        var asked = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["waf"] = "true", ["wafRateLimit"] = "500" });
        var rate = asked.Single(ResourceTypes.WebAcl).Maps("rules").Single(rule => rule.Text("name") == "rate-per-client");
        Assert.Equal(500, rate.Map("statement").Map("rateBasedStatement").Number("limit"));
    }
}
