// The webstack command run as a user runs it (dotnet webstack.dll ...), its output collected line by line, with
// deadlines on every wait: a command that hangs fails the test with what it printed, and is killed.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using WebStack.Local.Processes;

namespace WebStack.Topology.Tests.Support;

internal sealed partial class WebstackCommand : IAsyncDisposable
{
    [GeneratedRegex(@"\(run (?<id>[0-9a-f]{4})\)")]
    private static partial Regex RunIdLine();

    private readonly ConcurrentQueue<string> _lines = new();
    private bool _disposed;

    private WebstackCommand(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    /// <summary>The run id a `hosts up` names when it is up ("... (run 1a2b)").</summary>
    public string RunId => Lines.Select(line => RunIdLine().Match(line)).FirstOrDefault(match => match.Success)?.Groups["id"].Value
        ?? throw new InvalidOperationException($"the command named no run:\n{Output}");

    /// <summary>Starts `hosts up` of <paramref name="project"/>'s stack and waits until it says it is up.</summary>
    public static async Task<WebstackCommand> HostsUpAsync(TopoProject project)
    {
        var command = Start("hosts", "up", TopoProject.Stack, "--dir", project.Path);
        try
        {
            await command.WaitForLineAsync(line => line.Contains("stops everything", StringComparison.Ordinal), TimeSpan.FromMinutes(5), "hosts up to come up");
            return command;
        }
        catch
        {
            // Killed outright, then what it made is removed (a run not named yet is left for the next cleanup).
            await command.DisposeAsync();
            if (command.Lines.Select(line => RunIdLine().Match(line)).FirstOrDefault(match => match.Success) is { } named)
            {
                WebStack.Local.Commands.DownCommand.CleanLeftovers(TextWriter.Null, named.Groups["id"].Value);
            }

            throw;
        }
    }

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
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
