// A process kept running the way systemd's Restart=on-failure keeps a unit running: after a crash it is started again
// once the restart delay has passed, an orderly end (exit 0, SIGTERM) leaves it stopped, and one that keeps crashing
// is given up on when it reaches the start limit, and reported, instead of being restarted for ever.
using WebStack.Core.Servers;

namespace WebStack.Local.Processes;

public enum SupervisionState
{
    /// <summary>Running, or about to be started again after a crash.</summary>
    Running,

    /// <summary>Ended in an orderly way; Restart=on-failure leaves it stopped.</summary>
    Ended,

    /// <summary>Crashed too often within the start limit's interval; no longer restarted.</summary>
    GaveUp,

    /// <summary>Stopped on purpose (the rehearsal is stopping, or the host was taken away).</summary>
    Stopped,
}

public sealed class SupervisedProcess : IAsyncDisposable
{
    private readonly Func<ChildProcess> _launch;
    private readonly Action<string> _report;
    private readonly List<DateTimeOffset> _starts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _supervision;
    private ChildProcess _current;

    private SupervisedProcess(string name, Func<ChildProcess> launch, ProcessSupervision policy, Action<string> report)
    {
        Name = name;
        Policy = policy;
        _launch = launch;
        _report = report;
        _current = launch();
        _starts.Add(DateTimeOffset.UtcNow);
        _supervision = Task.Run(SuperviseAsync);
    }

    public string Name { get; }

    public ProcessSupervision Policy { get; }

    /// <summary>The process running now (or the last one, when it is no longer restarted).</summary>
    public ChildProcess Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public SupervisionState State { get; private set; } = SupervisionState.Running;

    /// <summary>How many times it was started again after a crash.</summary>
    public int Restarts { get; private set; }

    /// <summary>Starts the process and keeps it running; <paramref name="report"/> hears of every crash and restart.</summary>
    public static SupervisedProcess Start(string name, Func<ChildProcess> launch, ProcessSupervision policy, Action<string> report) =>
        new(name, launch, policy, report);

    private async Task SuperviseAsync()
    {
        while (true)
        {
            var process = Current;
            await process.WaitForExitAsync();
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var end = ProcessEnd.FromStatus(process.ExitCode);
            if (!ProcessSupervision.RestartsAfter(end))
            {
                State = SupervisionState.Ended;
                _report($"{Name} ended ({end}); like systemd's Restart=on-failure, it is left stopped");
                return;
            }

            _report($"{Name} crashed ({end}); starting it again in {ProcessSupervision.Seconds(Policy.RestartDelay)} s, as systemd would");
            try
            {
                await Task.Delay(Policy.RestartDelay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_lock)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                var now = DateTimeOffset.UtcNow;
                if (!Policy.AllowsStart(_starts, now))
                {
                    State = SupervisionState.GaveUp;
                    _report($"{Name} keeps crashing: {Policy.StartLimitBurst} starts within {ProcessSupervision.Seconds(Policy.StartLimitInterval)} s; "
                        + "given up, as systemd's start limit does (on a server: systemctl reset-failed, then start it)");
                    return;
                }

                _current = _launch();
                _starts.Add(now);
                Restarts++;
            }

            _report($"{Name} started again (pid {Current.Pid})");
            await process.DisposeAsync();
        }
    }

    /// <summary>Stops it for good: <paramref name="signal"/>, then SIGKILL after <paramref name="grace"/>; no restart follows.</summary>
    public async Task StopAsync(int signal = Signals.SigTerm, TimeSpan? grace = null)
    {
        ChildProcess process;
        lock (_lock)
        {
            _stopping.Cancel();
            process = _current;
        }

        if (State == SupervisionState.Running)
        {
            State = SupervisionState.Stopped;
        }

        await process.StopAsync(signal, grace);
        await _supervision;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Signals.SigTerm, Policy.StopTimeout);
        await Current.DisposeAsync();
        _stopping.Dispose();
    }
}
