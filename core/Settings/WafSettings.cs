// The web application firewall in front of the load balancer (AWS WAF): whether the stack has one, how many requests
// one client address may send, and what the cost estimate assumes it inspects and logs.
namespace WebStack.Core.Settings;

/// <param name="Enabled">A WAF web ACL on the load balancer (Security Hub's ELB.16); on in prod.</param>
/// <param name="RateLimit">Requests one client address may send in 5 minutes before it is blocked for a while.</param>
/// <param name="RequestsMillion">Cost estimate: millions of requests a month the web ACL inspects.</param>
/// <param name="LogGb">Cost estimate: GB a month of WAF logs into CloudWatch Logs.</param>
public sealed record WafSettings(bool Enabled, int RateLimit, decimal RequestsMillion, decimal LogGb)
{
    /// <summary>AWS WAF's bounds of a rate-based rule's limit (requests per evaluation window).</summary>
    public const int MinRateLimit = 100;

    public const int MaxRateLimit = 2_000_000_000;
}
