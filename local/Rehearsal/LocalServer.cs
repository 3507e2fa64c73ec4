// One server of a stack, run here: each site's release linked where the server keeps it, its release phase, its app
// processes and nginx in front of them, as the user data sets them up on EC2. The one-server rehearsal runs one on
// loopback; the topology runs one per server host.
using System.Net;
using WebStack.Core.Servers;

namespace WebStack.Local.Rehearsal;

public sealed class LocalServer : IAsyncDisposable
{
    private LocalServer(HostContext host, AppProcessGroup apps, NginxServer nginx, string url)
    {
        Host = host;
        Apps = apps;
        Nginx = nginx;
        Url = url;
    }

    public HostContext Host { get; }

    public AppProcessGroup Apps { get; }

    public NginxServer Nginx { get; }

    /// <summary>nginx's address, e.g. http://127.0.0.1:8080/.</summary>
    public string Url { get; }

    /// <param name="progress">Hears what the server's supervision does (a crashed process started again, or given up on).</param>
    public static async Task<LocalServer> StartAsync(
        RunDirectory run, HostContext host, ServerPlan plan, ServerRelease release, IReadOnlyDictionary<string, string> databaseEnvironment,
        IPAddress listen, int port, IReadOnlyList<IPNetwork> trustedProxies, bool loadBalancerSetsRequestId, TextWriter progress, NginxTuning? tuning = null)
    {
        var layout = NginxServer.LayoutFor(run.Sub($"server-{host.Name}"), listen, port, trustedProxies, loadBalancerSetsRequestId);
        await PrepareAsync(run, host, plan, layout, release, databaseEnvironment, progress);
        var apps = await AppProcessGroup.StartAsync(run, host, plan, layout, release, databaseEnvironment, progress);
        try
        {
            var nginx = await NginxServer.StartAsync(run, host, plan, layout, tuning ?? NginxTuning.Default);
            return new LocalServer(host, apps, nginx, $"http://{listen}:{port}/");
        }
        catch
        {
            await apps.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What the user data does before any process starts: each site's current release linked to its files, its state
    /// folder made, and its release phase run (once per release, under the stack's lock).
    /// </summary>
    public static async Task PrepareAsync(RunDirectory run, HostContext host, ServerPlan plan, ServerLayout layout, ServerRelease release,
        IReadOnlyDictionary<string, string> databaseEnvironment, TextWriter progress)
    {
        LinkReleases(layout, plan, release);
        foreach (var site in plan.Sites.Where(site => site.App.ReleaseCommand is not null))
        {
            await ReleasePhaseRun.RunAsync(run, host, site, release.For(site.Name), layout, databaseEnvironment, plan.Supervision, progress);
        }
    }

    private static void LinkReleases(ServerLayout layout, ServerPlan plan, ServerRelease release)
    {
        foreach (var site in plan.Sites)
        {
            var current = layout.SiteDirectory(site.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(current)!);
            File.CreateSymbolicLink(current, release.For(site.Name).Directory);
            Directory.CreateDirectory(layout.StateDirectory(site.Name));
        }
    }

    /// <summary>nginx first, so no request reaches a process that is already stopping.</summary>
    public async ValueTask DisposeAsync()
    {
        await Nginx.DisposeAsync();
        await Apps.DisposeAsync();
    }
}
