// The AWS CLI, as the program calls it for what the provider doesn't do (starting and watching the fleet's instance
// refresh): the same credentials as the provider's (the environment's, or the stack's aws:profile) and the stack's
// region, JSON out. WEBSTACK_AWS_CLI names another program (a recorded fake in the tests).
using System.Diagnostics;
using Pulumi;
using WebStack.Core;

namespace WebStack.Infra.Deploy;

internal sealed class AwsCli(string region, string? profile)
{
    public const string ProgramVariable = AwsCliCall.ProgramVariable;

    private static readonly TimeSpan CallLimit = TimeSpan.FromMinutes(2);

    /// <summary>Which program, decided when the stack is built (not when a call is made), so every call of a run goes to the same one.</summary>
    public string Program { get; } = AwsCliCall.Program(Environment.GetEnvironmentVariable(ProgramVariable));

    /// <summary>The stack's region and the provider's profile, as the stack's configuration has them.</summary>
    public static AwsCli For(string region) => new(region, new Config("aws").Get("profile"));

    /// <summary>What the call printed; throws <see cref="AwsCliException"/> with what it said when it fails.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in AwsCliCall.Arguments(arguments, region, profile))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AwsCliException(arguments, -1, "the AWS CLI did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new AwsCliException(arguments, -1, AwsCliCall.Missing(Program, $"{exception.Message}; `pulumi up` starts and watches the fleet's instance refresh with it"));
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(CallLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new AwsCliException(arguments, -1, $"no answer within {CallLimit.TotalMinutes} minutes");
            }

            return process.ExitCode == 0 ? await output : throw new AwsCliException(arguments, process.ExitCode, (await errors).Trim());
        }
    }
}

public sealed class AwsCliException(IReadOnlyList<string> arguments, int exitCode, string said)
    : Exception($"aws {string.Join(' ', arguments.Take(2))} failed{(exitCode >= 0 ? $" (exit {exitCode})" : "")}: {said}")
{
    public string Said { get; } = said;
}
