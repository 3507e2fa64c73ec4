// The well-known ports the architecture uses between its tiers.
namespace WebStack.Core.Firewall;

public static class Ports
{
    public const int Http = 80;
    public const int Https = 443;
    public const int Ssh = 22;
    public const int PostgreSql = 5432;

    /// <summary>nginx listens here on every server; the load balancer's target group points at it.</summary>
    public const int Nginx = Http;
}
