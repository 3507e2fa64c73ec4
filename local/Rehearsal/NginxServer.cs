// nginx run from the stack's rendered configuration: the same config a server gets, with only the paths moved into
// the run's directory and the listen address and port moved to where the rehearsal wants them.
using System.Globalization;
using System.Net;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class NginxServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxServer(ChildProcess process, string configPath, ServerLayout layout)
    {
        _process = process;
        ConfigPath = configPath;
        Layout = layout;
    }

    public string ConfigPath { get; }

    public ServerLayout Layout { get; }

    public ChildProcess Process => _process;

    /// <summary>
    /// The layout of a rehearsal's server: everything under <paramref name="directory"/> (nginx's files in nginx/, each
    /// site's release linked under sites/, its state under state/); jar apps run with this machine's java;
    /// <paramref name="loadBalancerSetsRequestId"/> when the peers in <paramref name="trustedProxies"/> name each request.
    /// </summary>
    public static ServerLayout LayoutFor(
        string directory, IPAddress listen, int port, IReadOnlyList<IPNetwork> trustedProxies, bool loadBalancerSetsRequestId)
    {
        var nginx = Path.Combine(directory, "nginx");
        return new()
        {
            NginxConfigPath = Path.Combine(nginx, "nginx.conf"),
            NginxPidPath = Path.Combine(nginx, "nginx.pid"),
            NginxErrorLogPath = Path.Combine(nginx, "error.log"),
            NginxAccessLogPath = Path.Combine(nginx, "access.log"),
            MimeTypesPath = FindMimeTypes(),
            NginxTempDirectory = Path.Combine(nginx, "temp"),
            ListenAddress = listen,
            ListenPort = port,
            SitesDirectory = Path.Combine(directory, "sites"),
            EnvironmentFile = Path.Combine(directory, "app.env"),
            StateRoot = Path.Combine(directory, "state"),
            JavaProgram = RequiredProgram.Java.Find(),
            TrustedProxies = trustedProxies,
            LoadBalancerSetsRequestId = loadBalancerSetsRequestId,
        };
    }

    private static string FindMimeTypes() =>
        new[] { "/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types", "/usr/local/etc/nginx/mime.types" }.FirstOrDefault(File.Exists)
        ?? throw new UserFacingException("nginx's mime.types was not found in /etc/nginx; reinstall nginx (apt-get install --reinstall nginx-common)");

    public static async Task<NginxServer> StartAsync(RunDirectory run, HostContext host, ServerPlan plan, ServerLayout layout, NginxTuning tuning)
    {
        var nginx = RequiredProgram.Nginx.Require();
        var directory = Path.GetDirectoryName(layout.NginxConfigPath)!;
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(layout.NginxTempDirectory!);
        await File.WriteAllTextAsync(layout.NginxConfigPath, NginxConfig.Render(plan, layout, tuning));

        string[] arguments = ["-p", directory, "-c", layout.NginxConfigPath, "-e", layout.NginxErrorLogPath];
        var check = await ProgramRunner.RunAsync(host.Wrap(new CommandSpec(nginx, ["-t", "-q", .. arguments])));
        if (!check.Succeeded)
        {
            throw new UserFacingException($"nginx refused the rendered configuration {layout.NginxConfigPath}:\n    {check.Output.Replace("\n", "\n    ")}");
        }

        var process = ChildProcess.Start($"nginx on {host.Name}", host.Wrap(new CommandSpec(nginx, [.. arguments, "-g", "daemon off;"])),
            Path.Combine(run.Path, "logs", $"nginx-{host.Name}.log"));
        run.Record(process, "nginx");
        var server = new NginxServer(process, layout.NginxConfigPath, layout);
        try
        {
            var address = layout.ListenAddress ?? IPAddress.Loopback;
            await host.WaitUntilOkAsync($"http://{address}:{layout.ListenPort.ToString(CultureInfo.InvariantCulture)}{plan.HealthCheckPath}", process, TimeSpan.FromSeconds(30), "nginx");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    // SIGQUIT: graceful shutdown, requests in flight are finished.
    public async ValueTask DisposeAsync() => await _process.StopAsync(Signals.SigQuit, TimeSpan.FromSeconds(10));
}
