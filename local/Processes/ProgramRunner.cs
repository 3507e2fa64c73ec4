// Runs a short command to completion and captures its output (nginx -t, initdb, ip, nft).
using System.Diagnostics;

namespace WebStack.Local.Processes;

public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

public static class ProgramRunner
{
    public static async Task<CommandResult> RunAsync(CommandSpec command, string? input = null, TimeSpan? timeout = null)
    {
        var start = command.ToStartInfo();

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new CommandResult(127, $"could not start {command.Program}: {exception.Message}");
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
            return new CommandResult(124, $"{command} did not finish within {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds} s");
        }

        return new CommandResult(process.ExitCode, ((await output) + (await errors)).Trim());
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
