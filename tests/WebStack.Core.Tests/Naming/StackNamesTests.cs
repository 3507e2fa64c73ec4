// The catalog of a stack's names: one per resource the settings call for, found by logical name, and the previous
// names the program aliases to only where a stack name carries the mark.
using WebStack.Core.Naming;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Naming;

public class StackNamesTests
{
    [Fact]
    public void The_catalog_grows_with_the_features_the_settings_turn_on()
    {
        var plain = StackPlan.From(Config.Valid()).Names.All.Select(name => name.Part).ToHashSet();
        var full = StackPlan.From(Config.Valid(
            ("flowLogs", "true"),
            ("dbFinalSnapshot", "true"),
            ("natStrategy", "none"),
            ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c"))).Names.All.Select(name => name.Part).ToHashSet();

        Assert.DoesNotContain("flow-logs", plain);
        Assert.DoesNotContain("listener-https", plain);
        Assert.DoesNotContain("db-final", plain);
        Assert.DoesNotContain("vpce-s3", plain);
        Assert.Contains("nat-a", plain);
        Assert.Superset(new HashSet<string> { "flow-logs", "flow-logs-role", "flow-logs-write", "flow-log", "listener-https", "db-final", "db-final-snapshot-suffix", "endpoints", "vpce-s3", "vpce-secretsmanager" }, full);
        Assert.DoesNotContain("nat-a", full);
    }

    [Fact]
    public void A_domain_adds_the_certificate_its_validation_and_the_alias_records_and_every_stack_its_parameter_group_and_roots()
    {
        string[] domainParts = ["certificate", "dns-validation", "certificate-validation", "dns", "dns-a", "dns-aaaa", "route-public-internet-ipv6"];
        HashSet<string> Parts(params (string, string)[] settings) => StackPlan.From(Config.Valid(settings)).Names.All.Select(name => name.Part).ToHashSet();

        var plain = Parts();
        var named = Parts(("domainName", "www.example.com"), ("hostedZone", "example.com"));
        var givenCertificate = Parts(("domainName", "www.example.com"), ("hostedZone", "example.com"),
            ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c"));
        var ipv4Only = Parts(("domainName", "www.example.com"), ("hostedZone", "example.com"), ("ingressCidrs", "203.0.113.0/24"));

        Assert.Superset(new HashSet<string> { "db-params", "rds-ca-bundle" }, plain);
        Assert.Empty(plain.Intersect(domainParts));
        Assert.Superset(domainParts.ToHashSet(), named);
        Assert.Superset(new HashSet<string> { "dns", "dns-a", "dns-aaaa", "listener-https" }, givenCertificate);
        Assert.Empty(givenCertificate.Intersect(["certificate", "dns-validation", "certificate-validation"]));
        Assert.Contains("dns-a", ipv4Only);
        Assert.Empty(ipv4Only.Intersect(["dns-aaaa", "route-public-internet-ipv6"]));
        var names = StackPlan.From(Config.Valid(("domainName", "www.example.com"), ("hostedZone", "example.com"))).Names;
        Assert.Same(NameRules.Route53Record, names.AliasRecord("AAAA").Rule);
        Assert.Same(NameRules.AcmCertificate, names.Certificate.Rule);
        Assert.Same(NameRules.DbParameterGroup, names.DatabaseParameterGroup.Rule);
    }

    [Fact]
    public void A_name_is_found_by_its_logical_name()
    {
        var names = StackPlan.From(Config.Valid()).Names;

        Assert.Same(NameRules.DbInstance, names.Find("webstack-dev-db")!.Rule);
        Assert.Null(names.Find("webstack-dev-nothing"));
    }

    [Fact]
    public void A_stack_named_as_written_needs_aliases_only_for_names_that_are_cut()
    {
        var dev = StackPlan.From(Config.Valid(("dbFinalSnapshot", "true"))).Names;
        var review = StackPlan.From(Config.ValidStack("review-feature-very-long-branch-name-2026-11", ("dbFinalSnapshot", "true"))).Names;

        Assert.All(dev.All, name => Assert.Null(dev.PreviousOf(name.Logical)));
        Assert.All(review.All.Where(name => !name.IsCut), name => Assert.Null(review.PreviousOf(name.Logical)));
        // The load balancer's earlier cut kept the name's start, today's keeps its part: the alias keeps the resource.
        Assert.Equal("webstack-review-e8b3-alb", review.LoadBalancer.Logical);
        Assert.Equal("webstack-review-fea-e8b3", review.PreviousOf(review.LoadBalancer.Logical));
    }

    [Fact]
    public void Every_resource_of_a_marked_stack_is_aliased_to_its_earlier_name()
    {
        var names = StackPlan.From(Config.ValidStack("Prod_EU", ("profile", "prod"))).Names;

        Assert.All(names.All, name =>
        {
            // A kind AWS requires a prefix of keeps it in front (a WAF log group's "aws-waf-logs-").
            var previous = names.PreviousOf(name.Logical)!;
            Assert.StartsWith("webstack-prod-eu-", previous.StartsWith(WebStack.Core.Firewall.WebAclPlan.LogGroupPrefix, StringComparison.Ordinal)
                ? previous[WebStack.Core.Firewall.WebAclPlan.LogGroupPrefix.Length..] : previous, StringComparison.Ordinal);
            Assert.DoesNotContain(names.Base, names.PreviousOf(name.Logical), StringComparison.Ordinal);
        });
        Assert.Equal("webstack-prod-eu-vpc", names.PreviousOf(names.Vpc.Logical));
    }
}
