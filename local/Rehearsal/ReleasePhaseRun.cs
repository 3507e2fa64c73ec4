// A site's release phase in a rehearsal: the core's release script (the one every server runs from its release unit)
// run with the same arguments and environment, in the server's namespace, before the site's processes start. It
// takes the stack's advisory lock in the rehearsal's database, so servers booting together run it once between them.
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public static class ReleasePhaseRun
{
    private static readonly Lock ScriptGate = new();

    /// <summary>Runs <paramref name="site"/>'s release command for <paramref name="release"/>; throws with its output when it fails.</summary>
    public static async Task RunAsync(RunDirectory run, HostContext host, AppSite site, AppRelease release, ServerLayout layout,
        IReadOnlyDictionary<string, string> databaseEnvironment, ProcessSupervision supervision, TextWriter progress)
    {
        var script = ScriptPath(run);
        var environment = AppProcessGroup.EnvironmentOf(site, host, databaseEnvironment,
            AppEnvironment.ForRelease(site, release.Name, layout.StateDirectory(site.Name), supervision));
        var command = host.Wrap(new CommandSpec("bash", [script, .. ReleasePhase.Arguments(site, release.Launch, layout)])
        {
            Environment = environment,
            WorkingDirectory = layout.SiteDirectory(site.Name),
        });
        lock (progress)
        {
            progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} release phase of {site.Name} on {host.Name}: {site.App.ReleaseCommand}");
        }

        var result = await ProgramRunner.RunAsync(command, timeout: TimeSpan.FromSeconds(ReleasePhase.UnitTimeoutSeconds(site.App.ReleaseTimeoutSeconds)));
        await File.AppendAllTextAsync(Path.Combine(run.Sub("logs"), $"release-{host.Name}-{site.Name}.log"), result.Output);
        lock (progress)
        {
            foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("webstack-release ", StringComparison.Ordinal)))
            {
                progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {host.Name}: {line}");
            }
        }

        if (!result.Succeeded)
        {
            var tail = string.Join('\n', result.Output.Split('\n').TakeLast(30));
            throw new UserFacingException($"the release phase of {site.Name} failed on {host.Name} (exit {result.ExitCode}); its processes are not started. What it said:\n{tail}");
        }
    }

    /// <summary>The release script, written once per run (as the user data writes it once per server).</summary>
    private static string ScriptPath(RunDirectory run)
    {
        var path = Path.Combine(run.Sub("bin"), "webstack-release");
        lock (ScriptGate)
        {
            if (!File.Exists(path))
            {
                File.WriteAllText(path, ReleasePhase.Script());
                File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            }
        }

        return path;
    }
}
