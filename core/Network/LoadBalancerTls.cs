// How the load balancer ends TLS: the security policy its HTTPS listener uses, decided here so the program, the plan
// and the rehearsal's stand-in say the same.
namespace WebStack.Core.Network;

public static class LoadBalancerTls
{
    /// <summary>
    /// AWS's recommended policy since 2025 (the console's default): TLS 1.3, and TLS 1.2 with forward-secret AES-GCM
    /// suites only (no CBC, no RSA key exchange), with hybrid post-quantum key exchange (ML-KEM) for clients that offer
    /// it. ELBSecurityPolicy-TLS13-1-2-2021-06 still allowed TLS 1.2's CBC suites; the TLS13-1-3 policies alone would
    /// turn away the TLS 1.2 clients that are still common.
    /// </summary>
    public const string Policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";
}
