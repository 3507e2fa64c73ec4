// The web application firewall in front of the load balancer: an AWS WAF web ACL that allows by default and runs, in
// order, AWS's common rule set (the OWASP-style exploits), its known-bad-inputs set (Log4Shell-style payloads, bad
// paths) and a rate limit per client address. Every rule publishes its CloudWatch metrics and sampled requests, and
// the ACL logs to a CloudWatch log group with the credentials headers redacted. Decided here; the program maps it.
namespace WebStack.Core.Firewall;

/// <param name="ManagedGroup">An AWS managed rule group (vendor AWS), run as it is (override action: none).</param>
/// <param name="RateLimit">Requests per 5 minutes per client address before the rule blocks it; null for a group.</param>
public sealed record WebAclRule(string Name, int Priority, string? ManagedGroup, int? RateLimit)
{
    /// <summary>The CloudWatch metric the rule publishes: its name without the dashes WAF metric names can't hold.</summary>
    public string MetricName => Name.Replace("-", "", StringComparison.Ordinal);
}

public sealed record WebAclPlan(IReadOnlyList<WebAclRule> Rules, string MetricName)
{
    public const string Vendor = "AWS";

    public const string CommonRuleSet = "AWSManagedRulesCommonRuleSet";

    public const string KnownBadInputs = "AWSManagedRulesKnownBadInputsRuleSet";

    /// <summary>WAF logs to CloudWatch only into log groups whose names start with this.</summary>
    public const string LogGroupPrefix = "aws-waf-logs-";

    /// <summary>Headers whose values never reach the WAF log: credentials.</summary>
    public static readonly IReadOnlyList<string> RedactedHeaders = ["authorization", "cookie"];

    /// <summary>The stack's web ACL, or null when waf is off.</summary>
    public static WebAclPlan? For(Settings.StackSettings settings, string nameBase) => settings.Waf.Enabled
        ? new WebAclPlan(
            [
                new WebAclRule("aws-common", 10, CommonRuleSet, null),
                new WebAclRule("aws-known-bad-inputs", 20, KnownBadInputs, null),
                new WebAclRule("rate-per-client", 30, null, settings.Waf.RateLimit),
            ],
            nameBase.Replace("-", "", StringComparison.Ordinal) + "waf")
        : null;
}
