// `webstack up` as a user runs it: Ctrl-C stops everything it started and removes its files; when the command is
// killed outright, `webstack down` finds what it left and stops it.
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Local.Commands;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed partial class RehearsalLifecycleTests
{
    [GeneratedRegex(@"logs\s+(?<path>\S+)/logs")]
    private static partial Regex LogsLine();

    private const string Stack = "lifecycle";

    /// <summary>A project whose stack puts the app processes on free ports: the test never depends on 5001 being free.</summary>
    private static TestProject Project()
    {
        return new TestProject().WithStack(Stack, $"config:\n  webstack:appBasePort: {LocalPorts.FreeRange(2)}\n");
    }

    private sealed record RunningUp(Process Process, string RunPath, IReadOnlyList<int> Pids, string Url, System.Text.StringBuilder Output)
    {
        public string Printed()
        {
            lock (Output)
            {
                return Output.ToString();
            }
        }
    }

    private static async Task<RunningUp> StartUpAsync(TestProject project)
    {
        var port = LocalPorts.AnyFree();
        // As from a terminal: Ctrl-C reaches the command. (A test run in the background inherits SIGINT ignored, and
        // Unix passes that on to every child; `env` gives this one the default back.)
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "webstack.dll"), "up", Stack, "--port", port.ToString(), "--dir", project.Directory })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("stops everything", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(4)));
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        Assert.True(finished == ready.Task, $"webstack up did not come up:\n{text}");
        var runPath = LogsLine().Match(text).Groups["path"].Value;
        var record = JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(Path.Combine(runPath, "run.json")))!;
        return new RunningUp(process, runPath, record.Processes.Select(entry => entry.Pid).ToList(), $"http://127.0.0.1:{port}/", output);
    }

    /// <summary>Waits for the command to exit; a command that doesn't is killed and the test fails with what it printed
    /// and which of its processes were still running.</summary>
    private static async Task ExitsAsync(RunningUp up, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await up.Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            var running = string.Join(", ", up.Pids.Where(ProcessTree.IsRunning).Select(pid => $"{pid} ({RunDirectory.ProcessName(pid)})"));
            var exited = up.Process.HasExited ? $"exited with {up.Process.ExitCode} but its output stayed open" : "still running";
            up.Process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} did not exit within 60 s ({exited}); its processes still running: {(running.Length == 0 ? "none" : running)}; it printed:\n{up.Printed()}");
        }
    }

    [SkippableFact]
    public async Task Ctrl_C_stops_nginx_the_app_processes_and_PostgreSQL_and_removes_the_run()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var project = Project();
        var up = await StartUpAsync(project);
        using var http = new HttpClient();
        Assert.Equal(200, (int)(await http.GetAsync(up.Url)).StatusCode);
        Assert.True(up.Pids.Count >= 4, $"expected nginx, PostgreSQL and 2 app processes, recorded {up.Pids.Count}");

        Signals.Send(up.Process.Id, Signals.SigInt);
        await ExitsAsync(up, "webstack up after Ctrl-C");

        Assert.Equal(0, up.Process.ExitCode);
        Assert.All(up.Pids, pid => Assert.False(ProcessTree.IsRunning(pid), $"pid {pid} still runs"));
        Assert.False(Directory.Exists(up.RunPath));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(up.Url));
    }

    [SkippableFact]
    public async Task A_killed_app_process_comes_back_as_systemd_would_bring_it_back_and_Ctrl_C_stops_the_new_one_too()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var project = Project();
        var up = await StartUpAsync(project);
        var apps = (await RecordAsync(up)).Processes.Where(process => process.Program == "WebStack.App").Select(process => process.Pid).ToList();
        Assert.Equal(2, apps.Count);

        Signals.Send(apps[1], Signals.SigKill);
        var record = await Eventually.ValueAsync(() => RecordAsync(up), now => now.Processes.Count(process => process.Program == "WebStack.App") == 3,
            TimeSpan.FromSeconds(30), "a third app process in the run's record", _ => up.Printed());
        var restarted = record.Processes.Last(process => process.Program == "WebStack.App").Pid;
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(up.Url.TrimEnd('/') + "/health")).IsSuccessStatusCode && ProcessTree.IsRunning(restarted),
            TimeSpan.FromSeconds(30), "the restarted process to run and the server to answer", up.Printed);
        Assert.Contains("crashed (killed by signal 9); starting it again in 2 s, as systemd would", up.Printed());
        Assert.Contains($"started again (pid {restarted})", up.Printed());

        Signals.Send(up.Process.Id, Signals.SigInt);
        await ExitsAsync(up, "webstack up after Ctrl-C");

        Assert.Equal(0, up.Process.ExitCode);
        Assert.All(record.Processes, process => Assert.False(ProcessTree.IsRunning(process.Pid), $"{process.Name} (pid {process.Pid}) still runs"));
    }

    private static async Task<RunRecord> RecordAsync(RunningUp up) =>
        JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(Path.Combine(up.RunPath, "run.json")))!;

    [SkippableFact]
    public async Task After_the_command_is_killed_down_stops_everything_it_left_behind()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var project = Project();
        var up = await StartUpAsync(project);

        up.Process.Kill();
        await ExitsAsync(up, "webstack up after kill -9");
        Assert.Contains(up.Pids, ProcessTree.IsRunning);

        // What `webstack down` does for runs whose command is gone (its other half stops running rehearsals, which
        // would include those of tests running beside this one), limited to this run: another test process on the
        // machine may be checking a leftover of its own.
        var output = new StringWriter();
        DownCommand.CleanLeftovers(output, Path.GetFileName(up.RunPath)["server-".Length..]);

        Assert.Contains("cleaning up the interrupted server rehearsal", output.ToString());
        await Eventually.TrueAsync(() => !up.Pids.Any(ProcessTree.IsRunning), TimeSpan.FromSeconds(20),
            "every process of the killed run to be gone", () => $"still running: {string.Join(", ", up.Pids.Where(ProcessTree.IsRunning))}");
        Assert.False(Directory.Exists(up.RunPath));
    }
}
