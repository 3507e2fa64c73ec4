// Supervision as systemd's Restart=on-failure does it, on real processes (sh): a crash is followed by a restart after
// the delay, an orderly end is not, and a process that keeps crashing is given up on at the start limit and reported.
using System.Collections.Concurrent;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Tests;

public sealed class SupervisedProcessTests : IDisposable
{
    private static readonly ProcessSupervision Quick = new(
        RestartDelay: TimeSpan.FromMilliseconds(300), StartLimitBurst: 3, StartLimitInterval: TimeSpan.FromSeconds(60),
        GracefulShutdown: TimeSpan.FromSeconds(1), StopTimeout: TimeSpan.FromSeconds(2));

    private readonly string _directory = Directory.CreateTempSubdirectory("webstack-supervision-").FullName;
    private readonly ConcurrentQueue<string> _reports = new();
    private readonly ConcurrentQueue<DateTimeOffset> _launches = new();

    private SupervisedProcess Supervise(string script) =>
        SupervisedProcess.Start("test@1.service", () =>
        {
            _launches.Enqueue(DateTimeOffset.UtcNow);
            return ChildProcess.Start("test", CommandSpec.Of("sh", "-c", script), Path.Combine(_directory, "test.log"));
        }, Quick, _reports.Enqueue);

    private string Reports() => string.Join(" | ", _reports);

    [Fact]
    public async Task A_killed_process_is_started_again_after_the_restart_delay_and_not_before()
    {
        await using var supervised = Supervise("exec sleep 600");
        var first = supervised.Current;

        Signals.Send(first.Pid, Signals.SigKill);
        await Eventually.TrueAsync(() => supervised.Restarts == 1 && supervised.Current.Pid != first.Pid, TimeSpan.FromSeconds(30),
            "the killed process to be started again", Reports);

        var launches = _launches.ToArray();
        Assert.Equal(2, launches.Length);
        Assert.True(launches[1] - launches[0] >= Quick.RestartDelay, $"started again after {(launches[1] - launches[0]).TotalMilliseconds} ms");
        Assert.Equal(SupervisionState.Running, supervised.State);
        Assert.False(supervised.Current.HasExited);
        Assert.Contains("crashed (killed by signal 9)", Reports());
    }

    [Theory]
    [InlineData("exit 0", "exit code 0")]
    [InlineData("kill -TERM $$", "killed by signal 15")]
    public async Task An_orderly_end_is_left_alone(string script, string how)
    {
        await using var supervised = Supervise(script);

        await Eventually.TrueAsync(() => supervised.State == SupervisionState.Ended, TimeSpan.FromSeconds(30), "the process to end", Reports);

        Assert.Equal(0, supervised.Restarts);
        Assert.Single(_launches);
        Assert.Contains($"ended ({how})", Reports());
    }

    [Fact]
    public async Task A_process_that_keeps_crashing_is_given_up_on_at_the_start_limit_and_reported()
    {
        await using var supervised = Supervise("exit 3");

        await Eventually.TrueAsync(() => supervised.State == SupervisionState.GaveUp, TimeSpan.FromSeconds(30), "the supervision to give up", Reports);

        // Every start counts, the first included: the burst is reached, and no further start is made.
        Assert.Equal(Quick.StartLimitBurst, _launches.Count);
        Assert.Equal(Quick.StartLimitBurst - 1, supervised.Restarts);
        Assert.Contains("crashed (exit code 3)", Reports());
        Assert.Contains($"keeps crashing: {Quick.StartLimitBurst} starts within 60 s; given up", Reports());
    }

    [Fact]
    public async Task Stopping_on_purpose_restarts_nothing()
    {
        var supervised = Supervise("exec sleep 600");
        var pid = supervised.Current.Pid;

        await supervised.StopAsync(Signals.SigKill, TimeSpan.Zero);
        await supervised.DisposeAsync();

        Assert.Equal(SupervisionState.Stopped, supervised.State);
        Assert.Single(_launches);
        Assert.False(ProcessTree.IsRunning(pid));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
