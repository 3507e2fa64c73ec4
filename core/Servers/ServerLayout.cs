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

    /// <summary>Where each site's current release is: &lt;SitesDirectory&gt;/&lt;site&gt;/current, a link to the release's files.</summary>
    public required string SitesDirectory { get; init; }

    /// <summary>The folder of a site's running release (its working directory).</summary>
    public string SiteDirectory(string site) => $"{SitesDirectory}/{site}/current";

    /// <summary>What nginx serves at the site's staticPath, or null when it has no static folder.</summary>
    public string? StaticRoot(AppSite site) => site.App.StaticDirectory is { } folder ? $"{SiteDirectory(site.Name)}/{folder}" : null;

    /// <summary>Root-only file with the database settings and the server's id, read by systemd before it drops privileges.</summary>
    public required string EnvironmentFile { get; init; }

    /// <summary>A site's root-only file of secrets (only a site with secrets has one), beside the shared one.</summary>
    public string SecretsFile(string site) => $"{EnvironmentFile[..EnvironmentFile.LastIndexOf('/')]}/{site}.env";

    /// <summary>Where each site's state folder is (systemd's StateDirectory= on a server): &lt;StateRoot&gt;/&lt;site&gt;.</summary>
    public required string StateRoot { get; init; }

    public string StateDirectory(string site) => $"{StateRoot}/{site}";

    /// <summary>The java a jar app runs with; null on a server, where the user data links each Corretto it installs under JavaRoot.</summary>
    public string? JavaProgram { get; init; }

    public const string JavaRoot = "/opt/webstack/java";

    public string Java(int version) => JavaProgram ?? $"{JavaRoot}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/bin/java";

    /// <summary>The program a command of <paramref name="site"/> runs: a file of its release, or java for a jar.</summary>
    public string ProgramPath(AppSite site, Apps.AppCommand command) =>
        command.Program == "java" && site.App.Source is Apps.JarSource jar ? Java(jar.JavaVersion) : $"{SiteDirectory(site.Name)}/{command.PackagePath}";

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

    public const string AppRoot = "/opt/webstack";

    /// <summary>Where a server unpacks each package, once, by its hash; the sites' current links point here.</summary>
    public const string ReleasesDirectory = AppRoot + "/releases";

    /// <summary>The release phase's script (ReleasePhase), the same on every server.</summary>
    public const string ReleaseScriptPath = AppRoot + "/bin/webstack-release";

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
        SitesDirectory = $"{AppRoot}/sites",
        EnvironmentFile = "/etc/webstack/app.env",
        StateRoot = "/var/lib/webstack",
        AppUser = "webapp",
        TrustedProxies = plan.InTier(SubnetTier.Public).Select(subnet => subnet.Cidr).ToList(),
    };
}
