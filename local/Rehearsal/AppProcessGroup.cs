// The app processes of one server: one per port of each site, started the way the systemd template starts them
// (same environment), each checked on its liveness path before the server counts as up.
using System.Globalization;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class AppProcessGroup : IAsyncDisposable
{
    private readonly Dictionary<int, (AppSite Site, ChildProcess Process)> _processes = [];
    private readonly RunDirectory _run;
    private readonly HostContext _host;
    private readonly string _appDirectory;
    private readonly IReadOnlyDictionary<string, string> _databaseEnvironment;

    private AppProcessGroup(RunDirectory run, HostContext host, string appDirectory, IReadOnlyDictionary<string, string> databaseEnvironment)
    {
        _run = run;
        _host = host;
        _appDirectory = appDirectory;
        _databaseEnvironment = databaseEnvironment;
    }

    public IReadOnlyList<int> Ports => _processes.Keys.Order().ToList();

    public ChildProcess ProcessOn(int port) => _processes[port].Process;

    public static async Task<AppProcessGroup> StartAsync(RunDirectory run, HostContext host, ServerPlan plan, string appDirectory, IReadOnlyDictionary<string, string> databaseEnvironment)
    {
        var group = new AppProcessGroup(run, host, appDirectory, databaseEnvironment);
        try
        {
            foreach (var site in plan.Sites)
            {
                foreach (var port in site.Ports)
                {
                    group._processes[port] = (site, group.Launch(site, port));
                }
            }

            await Task.WhenAll(group._processes.Keys.Select(group.WaitUntilLiveAsync));
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    private ChildProcess Launch(AppSite site, int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(_databaseEnvironment)
        {
            [AppEnvironment.ServerId] = _host.Name,
        };
        foreach (var (name, value) in AppEnvironment.ForProcess(site, portText))
        {
            environment[name] = value;
        }

        var executable = Path.Combine(_appDirectory, AppPackage.ExecutableName);
        var command = _host.Wrap(new CommandSpec(executable, []) { Environment = environment, WorkingDirectory = _appDirectory });
        var process = ChildProcess.Start($"{site.UnitPrefix}@{portText} on {_host.Name}", command, Path.Combine(_run.Path, "logs", $"app-{_host.Name}-{portText}.log"));
        _run.Record(process, AppPackage.ExecutableName);
        return process;
    }

    private Task WaitUntilLiveAsync(int port) =>
        _host.WaitUntilOkAsync($"http://{AppEnvironment.Loopback}:{port}{ServerPlan.AppLivenessPath}", _processes[port].Process, TimeSpan.FromSeconds(60), $"the app process on port {port}");

    /// <summary>Kills one process outright (SIGKILL, as a crash would), leaving the others running.</summary>
    public async Task CrashAsync(int port)
    {
        var process = _processes[port].Process;
        Signals.Send(process.Pid, Signals.SigKill);
        await process.WaitForExitAsync();
    }

    /// <summary>Starts a process again on its port (what systemd's Restart=on-failure does).</summary>
    public async Task RestartAsync(int port)
    {
        var (site, old) = _processes[port];
        await old.DisposeAsync();
        _processes[port] = (site, Launch(site, port));
        await WaitUntilLiveAsync(port);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Values.Select(entry => entry.Process.DisposeAsync().AsTask()));
    }
}
