// An app as it runs on each server: its processes' loopback ports, the host names nginx routes to it, and the app
// itself (the default site's, or a site's own).
using WebStack.Core.Apps;
using WebStack.Core.Settings;

namespace WebStack.Core.Servers;

/// <param name="Name">"default" for the main app, otherwise the site's name.</param>
/// <param name="ServerName">The host name nginx routes to it; null for the default app, which answers every other host.</param>
/// <param name="Ports">Loopback ports of its processes, one process each.</param>
/// <param name="App">What runs there: where it comes from, how it starts, its health path and release command.</param>
public sealed record AppSite(string Name, string? ServerName, IReadOnlyList<int> Ports, AppSettings App)
{
    public const string DefaultName = "default";

    public bool IsDefault => ServerName is null;

    /// <summary>nginx upstream name; dashes aren't allowed in it by convention, so they become underscores.</summary>
    public string UpstreamName => $"webstack_{Name.Replace('-', '_')}";

    /// <summary>The systemd template unit; each process is an instance named after its port, e.g. webstack-default@5001.</summary>
    public string UnitTemplate => $"{UnitPrefix}@.service";

    public string UnitInstance(int port) => $"{UnitPrefix}@{port}.service";

    /// <summary>The units' common name, e.g. webstack-default (webstack-default@5001.service is one process).</summary>
    public string UnitPrefix => $"webstack-{Name}";

    /// <summary>The oneshot unit that runs the release command before the processes start (null without one).</summary>
    public string? ReleaseUnit => App.ReleaseCommand is null ? null : $"{UnitPrefix}-release.service";

    /// <summary>The main app first, then each extra site, with consecutive ports starting at appBasePort.</summary>
    public static IReadOnlyList<AppSite> For(StackSettings settings) =>
        For(settings.Fleet.AppProcesses, settings.Sites, settings.Fleet.AppBasePort, settings.App);

    public static IReadOnlyList<AppSite> For(int defaultProcesses, IEnumerable<SiteSettings> sites, int basePort, AppSettings? defaultApp = null)
    {
        var app = defaultApp ?? AppSettings.Sample;
        var result = new List<AppSite>();
        var next = basePort;
        IReadOnlyList<int> Take(int count)
        {
            var ports = Enumerable.Range(next, count).ToList();
            next += count;
            return ports;
        }

        result.Add(new AppSite(DefaultName, null, Take(defaultProcesses), app));
        result.AddRange(sites.Select(site => new AppSite(site.Name, site.ServerName, Take(site.Processes), site.App ?? app)));
        return result;
    }
}
