// The plan's transport security section: the stack's name and its records, the certificate (requested and validated
// through DNS, or given), the listener's policy, HSTS, and how the servers verify the database.
using WebStack.Core;
using WebStack.Core.Database;
using WebStack.Core.Network;

namespace WebStack.Local.Stacks;

public static class TlsReport
{
    public static void Write(Action<string> line, StackPlan plan)
    {
        var settings = plan.Settings;
        var tls = settings.Tls;
        line("HTTPS and DNS");
        if (tls.Domain is { } domain)
        {
            line($"  name           {domain.Name} in {domain.Zone} (looked up by the program{(domain.Zone.Id is not null ? ", which checks that it is public and holds the name" : "")})");
            if (settings.RequestsCertificate)
            {
                line($"  certificate    ACM, RSA 2048, for {domain.Name}, validated through DNS: the CNAME ACM names (_<token>.{domain.Name}) written into the zone; renewed by ACM while it stays");
            }
            else
            {
                line($"  certificate    the given {settings.CertificateArn} (made elsewhere; that it covers {domain.Name} can't be checked offline)");
            }

            var types = settings.DualStack ? "A and AAAA" : "A";
            line($"  records        {domain.Name} {types} alias -> the load balancer{(settings.DualStack ? " (dualstack: an Amazon IPv6 /56 on the VPC, a /64 per public subnet, ::/0 allowed where 0.0.0.0/0 is)" : " (IPv4 only: ingressCidrs is not open to everyone)")}");
            line($"  url            {domain.Url}");
        }
        else if (settings.CertificateArn is not null)
        {
            line($"  certificate    the given {settings.CertificateArn}; no name of the stack's own (the load balancer's DNS name)");
        }
        else
        {
            line("  none           plain HTTP on the load balancer's DNS name (domainName or certificateArn turns on HTTPS)");
        }

        if (settings.HttpsEnabled)
        {
            line($"  listener       HTTPS :443 with {LoadBalancerTls.Policy}; HTTP :80 answers 301 to https://");
            line($"  HSTS           {(plan.Server.HstsMaxAgeSeconds > 0 ? $"Strict-Transport-Security: max-age={plan.Server.HstsMaxAgeSeconds} on answers over HTTPS (never over HTTP)" : "off (hstsMaxAgeSeconds 0)")}");
        }

        var bundle = RdsCertificateAuthorities.For(settings.Region);
        line($"  database       {DatabaseAccess.SslMode} against the pinned RDS roots of {settings.Region} (RSA2048, RSA4096, ECC384 G1: s3://<bucket>/{bundle.ObjectKey}); "
            + $"the instance's certificate from {tls.DatabaseCaIdentifier}; {DatabaseAccess.ForceSslParameter}=1 ({DatabaseAccess.ParameterGroupFamily(settings.Database.EngineVersion)} parameter group)");
    }
}
