// The webstack command run as a user runs it (dotnet webstack.dll ...), its output collected line by line, with
// deadlines on every wait: a command that hangs fails the test with what it printed, and is killed.
using System.Collections.Concurrent;
using System.Diagnostics;
using WebStack.Local.Processes;

namespace WebStack.Topology.Tests.Support;

internal sealed class WebstackCommand : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();

    private WebstackCommand(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    public static WebstackCommand Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "webstack.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var command = new WebstackCommand(process);
        process.OutputDataReceived += (_, e) => command._lines.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => command._lines.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
    }

    /// <summary>Waits for a line that <paramref name="matches"/>; fails when the command exits first or the time is up.</summary>
    public Task WaitForLineAsync(Func<string, bool> matches, TimeSpan limit, string what) =>
        Eventually.TrueAsync(
            () => _lines.Any(matches) || (Process.HasExited && !_lines.Any(matches) ? throw new InvalidOperationException($"{what}: the command exited (code {Process.ExitCode}):\n{Output}") : false),
            limit, what, () => Output, TimeSpan.FromMilliseconds(200));

    /// <summary>Waits for the command to exit and returns its exit code; a command that doesn't is killed, and the test fails.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the command did not exit within {limit.TotalSeconds} s:\n{Output}");
        }

        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
