// Where things live on a server. The same nginx config and units are rendered for an EC2 server and for the
// local rehearsals; only this layout (paths, the listen address and port, the trusted proxies) differs.
using System.Net;
using WebStack.Core.Firewall;
using WebStack.Core.Network;

namespace WebStack.Core.Servers;

public sealed record ServerLayout
{
    public required string NginxConfigPath { get; init; }
    public required string NginxPidPath { get; init; }
    public required string NginxErrorLogPath { get; init; }
    public required string NginxAccessLogPath { get; init; }
    public required string MimeTypesPath { get; init; }

    /// <summary>The account nginx's workers run as; null keeps nginx's default (as an unprivileged user, its own).</summary>
    public string? NginxUser { get; init; }

    /// <summary>Where nginx buffers large bodies; null keeps the paths nginx was built with.</summary>
    public string? NginxTempDirectory { get; init; }

    /// <summary>null listens on every address of the host (as on EC2, where the load balancer connects to the private IP).</summary>
    public IPAddress? ListenAddress { get; init; }

    public int ListenPort { get; init; } = Ports.Nginx;

    /// <summary>The release of the app that runs: its executable and its wwwroot of static files.</summary>
    public required string AppDirectory { get; init; }

    public string AppExecutable => $"{AppDirectory}/{AppPackage.ExecutableName}";

    public string StaticRoot => $"{AppDirectory}/wwwroot";

    /// <summary>Root-only file with the database settings, read by systemd before it drops privileges.</summary>
    public required string EnvironmentFile { get; init; }

    /// <summary>The account the app processes run as; null runs them as whoever starts them (local rehearsals).</summary>
    public string? AppUser { get; init; }

    /// <summary>Peers whose X-Forwarded-For nginx believes: the load balancer's subnets, nobody else.</summary>
    public required IReadOnlyList<IPNetwork> TrustedProxies { get; init; }

    /// <summary>
    /// Whether the load balancer names each request in X-Request-Id itself, dropping any a client sent (HAProxy in the
    /// topology does). An ALB doesn't: it passes a client's X-Request-Id through untouched and names requests in
    /// X-Amzn-Trace-Id, so on AWS nginx believes no X-Request-Id and always makes its own.
    /// </summary>
    public bool LoadBalancerSetsRequestId { get; init; }

    public const string AppRoot = "/opt/webstack/app";

    /// <summary>Where the user data installs the region's RDS root certificates, readable by the app's account.</summary>
    public const string DatabaseCaFile = "/etc/webstack/rds-ca.pem";

    /// <summary>An Amazon Linux 2023 server of the stack: its packages' paths, systemd and the load balancer in the public subnets.</summary>
    public static ServerLayout AmazonLinux(SubnetPlan plan) => new()
    {
        NginxConfigPath = "/etc/nginx/nginx.conf",
        NginxPidPath = "/run/nginx.pid",
        NginxErrorLogPath = "/var/log/nginx/error.log",
        NginxAccessLogPath = "/var/log/nginx/access.log",
        MimeTypesPath = "/etc/nginx/mime.types",
        NginxUser = "nginx",
        AppDirectory = $"{AppRoot}/current",
        EnvironmentFile = "/etc/webstack/app.env",
        AppUser = "webapp",
        TrustedProxies = plan.InTier(SubnetTier.Public).Select(subnet => subnet.Cidr).ToList(),
    };
}
