// The runbook's prod teardown runs as written: its block, taken from docs/runbook.md, passes shellcheck and, run by
// bash against a recording `pulumi` and `aws` first on PATH, makes exactly the calls it means, each argument whole
// (a query with spaces and quotes stays one argument), in an order that lets the destroy finish.
using System.Diagnostics;

namespace WebStack.Local.Tests;

public sealed class RunbookTeardownTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("webstack-runbook-").FullName;

    private static string Block()
    {
        var lines = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "docs", "runbook.md"));
        var at = Array.FindIndex(lines, line => line.StartsWith("To tear prod down deliberately", StringComparison.Ordinal));
        Assert.True(at >= 0, "the runbook has no prod teardown");
        var start = Array.FindIndex(lines, at, line => line == "```sh") + 1;
        var end = Array.FindIndex(lines, start, line => line == "```");
        return string.Join('\n', lines[start..end]) + "\n";
    }

    [SkippableFact]
    public async Task The_prod_teardown_passes_shellcheck()
    {
        Skip.If(!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "shellcheck"))), "shellcheck is not installed");
        var script = Path.Combine(_bin, "teardown.sh");
        await File.WriteAllTextAsync(script, "#!/usr/bin/env bash\nset -euo pipefail\n" + Block());

        var (code, said) = await RunAsync("shellcheck", ["--severity=style", script]);

        Assert.True(code == 0, said);
    }

    [Fact]
    public async Task The_prod_teardown_turns_the_protections_off_destroys_and_lists_the_snapshot_left()
    {
        foreach (var tool in new[] { "pulumi", "aws" })
        {
            var path = Path.Combine(_bin, tool);
            await File.WriteAllTextAsync(path, $"#!/bin/bash\n{{ printf '{tool}'; printf ' [%s]' \"$@\"; echo; }} >> \"$(dirname \"$0\")/calls.log\"\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        var (code, said) = await RunAsync("bash", ["-euo", "pipefail", "-c", Block()], new Dictionary<string, string> { ["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}" });

        Assert.True(code == 0, said);
        Assert.Equal(
            [
                "pulumi [config] [set] [--stack] [prod] [webstack:dbDeletionProtection] [false]",
                "pulumi [config] [set] [--stack] [prod] [webstack:albDeletionProtection] [false]",
                "pulumi [config] [set] [--stack] [prod] [webstack:emptyBucketsOnDestroy] [true]",
                "pulumi [up] [--stack] [prod] [--yes]",
                "pulumi [destroy] [--stack] [prod] [--yes]",
                "aws [rds] [describe-db-snapshots] [--snapshot-type] [manual] [--query] [DBSnapshots[?contains(DBSnapshotIdentifier, '-db-final-')].[DBSnapshotIdentifier,SnapshotCreateTime]] [--output] [text]",
                "pulumi [stack] [rm] [--stack] [prod] [--yes]",
            ],
            await File.ReadAllLinesAsync(Path.Combine(_bin, "calls.log")));
        // The settings it sets are the stack's own keys, and do what the runbook says.
        var settings = WebStack.Core.Settings.StackSettingsReader.Read(WebStack.Core.Settings.StackConfig.FromPlain("webstack", "prod",
            new Dictionary<string, string> { ["webstack:dbDeletionProtection"] = "false", ["webstack:albDeletionProtection"] = "false", ["webstack:emptyBucketsOnDestroy"] = "true" })).RequireValid();
        Assert.False(settings.Database.DeletionProtection);
        Assert.False(settings.AlbDeletionProtection);
        Assert.True(WebStack.Core.StackPlan.From(settings).Lifecycle.EmptyBucketsOnDestroy);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
