// The app processes of one server: one per port of each site, started the way the systemd template starts them (same
// environment) and supervised the way systemd supervises them (restart policy, delay and start limit read back from
// the rendered unit), each checked on its liveness path before the server counts as up.
using System.Globalization;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class AppProcessGroup : IAsyncDisposable
{
    private readonly Dictionary<int, (AppSite Site, SupervisedProcess Process)> _processes = [];
    private readonly RunDirectory _run;
    private readonly HostContext _host;
    private readonly AppRelease _release;
    private readonly IReadOnlyDictionary<string, string> _databaseEnvironment;
    private readonly TextWriter _progress;

    private AppProcessGroup(RunDirectory run, HostContext host, AppRelease release, IReadOnlyDictionary<string, string> databaseEnvironment, TextWriter progress)
    {
        _run = run;
        _host = host;
        _release = release;
        _databaseEnvironment = databaseEnvironment;
        _progress = progress;
    }

    public IReadOnlyList<int> Ports => _processes.Keys.Order().ToList();

    /// <summary>The process serving <paramref name="port"/> now (a new one after a restart).</summary>
    public ChildProcess ProcessOn(int port) => _processes[port].Process.Current;

    public SupervisedProcess SupervisionOf(int port) => _processes[port].Process;

    public AppRelease Release => _release;

    public static async Task<AppProcessGroup> StartAsync(RunDirectory run, HostContext host, ServerPlan plan, ServerLayout layout, AppRelease release,
        IReadOnlyDictionary<string, string> databaseEnvironment, TextWriter progress)
    {
        var group = new AppProcessGroup(run, host, release, databaseEnvironment, progress);
        try
        {
            foreach (var site in plan.Sites)
            {
                // What systemd will do with these processes on a server is what its unit says; read it from there.
                var supervision = UnitSupervision.Read(SystemdUnits.AppTemplate(site, layout, plan.Supervision));
                foreach (var port in site.Ports)
                {
                    var name = $"{site.UnitInstance(port)} on {host.Name}";
                    group._processes[port] = (site, SupervisedProcess.Start(name, () => group.Launch(site, port, supervision), supervision, group.Report));
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

    private void Report(string message)
    {
        lock (_progress)
        {
            _progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");
        }
    }

    private ChildProcess Launch(AppSite site, int port, ProcessSupervision supervision)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(_databaseEnvironment)
        {
            [AppEnvironment.ServerId] = _host.Name,
            [AppEnvironment.Release] = _release.Name,
        };
        foreach (var (name, value) in AppEnvironment.ForProcess(site, portText, supervision))
        {
            environment[name] = value;
        }

        var executable = Path.Combine(_release.Directory, AppPackage.ExecutableName);
        var command = _host.Wrap(new CommandSpec(executable, []) { Environment = environment, WorkingDirectory = _release.Directory });
        var process = ChildProcess.Start($"{site.UnitPrefix}@{portText} on {_host.Name}", command, Path.Combine(_run.Path, "logs", $"app-{_host.Name}-{portText}.log"));
        _run.Record(process, AppPackage.ExecutableName);
        return process;
    }

    private Task WaitUntilLiveAsync(int port) =>
        _host.WaitUntilOkAsync($"http://{AppEnvironment.Loopback}:{port}{ServerPlan.AppLivenessPath}", ProcessOn(port), TimeSpan.FromSeconds(60), $"the app process on port {port}");

    /// <summary>Kills one process outright (SIGKILL, as a crash would); its supervision starts it again, as systemd would.</summary>
    public async Task CrashAsync(int port)
    {
        var process = ProcessOn(port);
        Signals.Send(process.Pid, Signals.SigKill);
        await process.WaitForExitAsync();
    }

    /// <summary>Every process killed at once and none restarted: the server itself is gone (power lost, instance terminated).</summary>
    public Task KillAllAsync() => Task.WhenAll(_processes.Values.Select(entry => entry.Process.StopAsync(Signals.SigKill, TimeSpan.Zero)));

    /// <summary>Stops every process as systemd does at shutdown: SIGTERM, and SIGKILL only after the unit's stop timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Values.Select(entry => entry.Process.DisposeAsync().AsTask()));
    }
}
