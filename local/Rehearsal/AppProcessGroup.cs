// The app processes of one server: one per port of each site, started the way the systemd template starts them (the
// same program, arguments, working directory and environment) and supervised the way systemd supervises them
// (restart policy, delay and start limit read back from the rendered unit), each checked on its health path before
// the server counts as up: within the app's start timeout it must bind its port and answer 200.
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class AppProcessGroup : IAsyncDisposable
{
    private readonly Dictionary<int, (AppSite Site, SupervisedProcess Process)> _processes = [];
    private readonly RunDirectory _run;
    private readonly HostContext _host;
    private readonly ServerLayout _layout;
    private readonly ServerRelease _release;
    private readonly IReadOnlyDictionary<string, string> _databaseEnvironment;
    private readonly TextWriter _progress;

    private AppProcessGroup(RunDirectory run, HostContext host, ServerLayout layout, ServerRelease release, IReadOnlyDictionary<string, string> databaseEnvironment,
        TextWriter progress)
    {
        _run = run;
        _host = host;
        _layout = layout;
        _release = release;
        _databaseEnvironment = databaseEnvironment;
        _progress = progress;
    }

    public IReadOnlyList<int> Ports => _processes.Keys.Order().ToList();

    /// <summary>The process serving <paramref name="port"/> now (a new one after a restart).</summary>
    public ChildProcess ProcessOn(int port) => _processes[port].Process.Current;

    public SupervisedProcess SupervisionOf(int port) => _processes[port].Process;

    public ServerRelease Release => _release;

    public static async Task<AppProcessGroup> StartAsync(RunDirectory run, HostContext host, ServerPlan plan, ServerLayout layout, ServerRelease release,
        IReadOnlyDictionary<string, string> databaseEnvironment, TextWriter progress)
    {
        var group = new AppProcessGroup(run, host, layout, release, databaseEnvironment, progress);
        try
        {
            foreach (var site in plan.Sites)
            {
                // What systemd will do with these processes on a server is what its unit says; read it from there.
                var supervision = UnitSupervision.Read(SystemdUnits.AppTemplate(site, layout, release.For(site.Name).Launch, plan.Supervision));
                foreach (var port in site.Ports)
                {
                    var name = $"{site.UnitInstance(port)} on {host.Name}";
                    group._processes[port] = (site, SupervisedProcess.Start(name, () => group.Launch(site, port, supervision), supervision, group.Report));
                }
            }

            await Task.WhenAll(group._processes.Keys.Select(group.WaitUntilStartedAsync));
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

    /// <summary>The environment a unit of <paramref name="site"/> gets on a server: the env files' and the unit's own.</summary>
    public static Dictionary<string, string> EnvironmentOf(AppSite site, HostContext host, IReadOnlyDictionary<string, string> databaseEnvironment,
        IEnumerable<KeyValuePair<string, string>> unitVariables)
    {
        var environment = new Dictionary<string, string>(databaseEnvironment) { [AppContract.ServerId] = host.Name };
        foreach (var (name, value) in LocalSecrets.For(site.App).Concat(unitVariables))
        {
            environment[name] = value;
        }

        return environment;
    }

    private ChildProcess Launch(AppSite site, int port, ProcessSupervision supervision)
    {
        var release = _release.For(site.Name);
        var portText = AppEnvironment.PortText(port);
        var environment = EnvironmentOf(site, _host, _databaseEnvironment,
            AppEnvironment.ForProcess(site, portText, release.Name, _layout.StateDirectory(site.Name), supervision));
        var program = _layout.ProgramPath(site, release.Start);
        var command = _host.Wrap(new CommandSpec(program, release.Start.Arguments) { Environment = environment, WorkingDirectory = _layout.SiteDirectory(site.Name) });
        var process = ChildProcess.Start($"{site.UnitPrefix}@{portText} on {_host.Name}", command, Path.Combine(_run.Path, "logs", $"app-{_host.Name}-{portText}.log"));
        _run.Record(process, Path.GetFileName(program));
        return process;
    }

    // As the user data's wait: the process must bind its port and answer its health path with 200 in time, and the
    // error says which of the three it didn't do.
    private async Task WaitUntilStartedAsync(int port)
    {
        var site = _processes[port].Site;
        var url = $"http://{AppEnvironment.Loopback}:{port}{site.App.HealthPath}";
        var limit = TimeSpan.FromSeconds(site.App.StartTimeoutSeconds);
        var what = $"{site.UnitPrefix}@{port} on {_host.Name} ({_release.For(site.Name).Start})";
        var deadline = DateTime.UtcNow + limit;
        int? status = null;
        while (DateTime.UtcNow < deadline)
        {
            var process = ProcessOn(port);
            if (process.HasExited)
            {
                throw new UserFacingException($"{what} exited (code {process.ExitCode}) before it answered GET {site.App.HealthPath}; its last lines:\n{process.LogTail()}");
            }

            status = await _host.HttpStatusAsync(url);
            if (status == 200)
            {
                return;
            }

            await Task.Delay(100);
        }

        var tail = ProcessOn(port).LogTail();
        throw new UserFacingException(status is null
            ? $"{what} never bound {AppEnvironment.Loopback}:{port} within {limit.TotalSeconds} s (an app must listen where PORT, ASPNETCORE_URLS or SERVER_PORT says); its last lines:\n{tail}"
            : $"{what} bound port {port} but GET {site.App.HealthPath} answered {status}, not 200, for {limit.TotalSeconds} s (healthPath in the app's settings); its last lines:\n{tail}");
    }

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
