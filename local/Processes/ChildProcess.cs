// A program a rehearsal runs in the foreground (nginx with daemon off, postgres, an app process): its output goes to
// a log file, and stopping it means a signal it handles, then SIGKILL if it doesn't exit in time.
using System.Diagnostics;

namespace WebStack.Local.Processes;

public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private bool _disposed;

    private ChildProcess(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        // Kept: the pid still names the process in messages after it has ended and been disposed of.
        Pid = process.Id;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid { get; }

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>
    /// Starts the program with its output going straight into <paramref name="logPath"/>: a shell opens the file and
    /// execs the program, so the pid is the program's and the log never depends on this process reading a pipe (a
    /// busy HAProxy drops log lines rather than wait for a full pipe).
    /// </summary>
    public static ChildProcess Start(string name, CommandSpec command, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var start = (command with
        {
            Program = "sh",
            Arguments = ["-c", "exec \"$@\" >>\"$0\" 2>&1", logPath, command.Program, .. command.Arguments],
        }).ToStartInfo();

        // Only the shell's own complaints (a program it can't exec) come through the pipes; they go to the same file.
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            log.Dispose();
            throw new UserFacingException($"could not start {command.Program} ({name}): {exception.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(name, process, log, logPath);
    }

    public Task WaitForExitAsync(CancellationToken cancellation = default) => _process.WaitForExitAsync(cancellation);

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Sends <paramref name="signal"/> and waits up to <paramref name="grace"/>; then SIGTERM for 5 s more; then SIGKILL
    /// to the program and every process it started.
    /// </summary>
    public async Task StopAsync(int signal = Signals.SigTerm, TimeSpan? grace = null)
    {
        if (HasExited)
        {
            return;
        }

        Signals.Send(_process.Id, signal);
        if (await ExitsWithinAsync(grace ?? TimeSpan.FromSeconds(10)))
        {
            return;
        }

        if (signal != Signals.SigTerm)
        {
            Signals.Send(_process.Id, Signals.SigTerm);
            if (await ExitsWithinAsync(TimeSpan.FromSeconds(5)))
            {
                return;
            }
        }

        ProcessTree.KillWithDescendants(_process.Id);
        await _process.WaitForExitAsync();
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines of the program's output, for error messages.</summary>
    public string LogTail(int lines = 15)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines).Select(line => "    " + line));
        }
        catch (IOException)
        {
            return "    (no output)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync();
        _disposed = true;
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
