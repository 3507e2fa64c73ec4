// Runs a short command to completion and captures its output (nginx -t, initdb, ip, nft).
using System.Diagnostics;

namespace WebStack.Local.Processes;

public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>What a command printed, its standard output apart from its errors (for commands that answer in JSON).</summary>
public sealed record CapturedResult(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;
}

public static class ProgramRunner
{
    public static async Task<CommandResult> RunAsync(CommandSpec command, string? input = null, TimeSpan? timeout = null)
    {
        var result = await CaptureAsync(command, input, timeout);
        return new CommandResult(result.ExitCode, (result.Output + result.Errors).Trim());
    }

    /// <summary>Runs the command to completion; 127 when it can't be started, 124 when it ran past <paramref name="timeout"/>.</summary>
    public static async Task<CapturedResult> CaptureAsync(CommandSpec command, string? input = null, TimeSpan? timeout = null)
    {
        var start = command.ToStartInfo();

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new CapturedResult(127, "", $"could not start {command.Program}: {exception.Message}");
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new CapturedResult(124, "", $"{command} did not finish within {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds} s");
        }

        return new CapturedResult(process.ExitCode, await output, await errors);
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(CommandSpec command, string what, string? input = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(command, input, timeout);
        return result.Succeeded
            ? result.Output
            : throw new UserFacingException($"{what} failed ({command}, exit {result.ExitCode}):\n    {result.Output.Replace("\n", "\n    ")}");
    }
}
