// What every server of a stack runs, independent of where it runs: the apps, their ports and the health check.
using WebStack.Core.Apps;
using WebStack.Core.Settings;

namespace WebStack.Core.Servers;

public sealed record ServerPlan(string Stack, IReadOnlyList<AppSite> Sites, string HealthCheckPath)
{
    /// <summary>Size of each server's gp3 root volume: the OS, nginx and a few releases of the app.</summary>
    public const int RootVolumeGb = 20;

    public AppSite DefaultSite => Sites[0];

    /// <summary>How the processes are restarted after a crash and given time to stop: systemd's units and the rehearsals.</summary>
    public ProcessSupervision Supervision { get; init; } = ProcessSupervision.Default;

    public int ProcessCount => Sites.Sum(site => site.Ports.Count);

    /// <summary>The distinct apps the server runs (sites without an app of their own share the default one).</summary>
    public IReadOnlyList<AppSettings> Apps => Sites.Select(site => site.App).Distinct().ToList();

    /// <summary>Whether any site has a release phase (the server then needs a PostgreSQL client for it).</summary>
    public bool HasReleasePhase => Sites.Any(site => site.App.ReleaseCommand is not null);

    /// <summary>The Corretto versions the server's jar apps need.</summary>
    public IReadOnlyList<int> JavaVersions => Sites.Select(site => site.App.Source).OfType<JarSource>().Select(jar => jar.JavaVersion).Distinct().Order().ToList();

    /// <summary>Strict-Transport-Security's max-age nginx sends on requests that came over HTTPS; 0 sends none.</summary>
    public int HstsMaxAgeSeconds { get; init; }

    /// <summary>HSTS only where the stack serves HTTPS at all (a plain HTTP stack never sends it).</summary>
    public static ServerPlan From(StackSettings settings) => new(settings.Stack, AppSite.For(settings), settings.HealthCheck.Path)
    {
        HstsMaxAgeSeconds = settings.HttpsEnabled ? settings.Tls.HstsMaxAgeSeconds : 0,
    };
}

/// <summary>Knobs of the nginx config that are not settings of the stack; the benchmark turns upstream keepalive off.</summary>
/// <param name="UpstreamKeepalive">
/// Idle connections each nginx worker keeps open to an upstream; 0 opens a new one per request. It should cover a
/// worker's concurrent requests, or connections beyond it are closed after each use: with 32, 64 clients over two
/// processes measured 0.79x of one process; with 128, about 0.9x.
/// </param>
public sealed record NginxTuning(int UpstreamKeepalive = 128, int WorkerConnections = 4096)
{
    public static NginxTuning Default { get; } = new();
}
