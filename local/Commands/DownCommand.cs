// `webstack down`: stops what rehearsals left behind (or still run): their processes, network namespaces and files.
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Topology;

namespace WebStack.Local.Commands;

public static class DownCommand
{
    public static int Run(TextWriter output)
    {
        var running = RunDirectory.Leftovers(includeRunning: true).Where(run => run.Record.OwnerPid != 0 && Signals.IsAlive(run.Record.OwnerPid) && run.Record.OwnerPid != Environment.ProcessId).ToList();
        foreach (var (_, record) in running)
        {
            // A running rehearsal cleans up after itself on SIGTERM; give it the time to.
            output.WriteLine($"stopping the running {record.Kind} rehearsal {record.Id} (pid {record.OwnerPid})...");
            Signals.Send(record.OwnerPid, Signals.SigTerm);
            for (var i = 0; i < 300 && Signals.IsAlive(record.OwnerPid); i++)
            {
                Thread.Sleep(100);
            }
        }

        var cleaned = CleanLeftovers(output);
        cleaned += TopologyCleanup.RemoveOrphans(output);
        output.WriteLine(cleaned == 0 && running.Count == 0 ? "nothing to clean up" : "done");
        return ExitCodes.Success;
    }

    /// <summary>Cleans up runs whose owner is gone (only run <paramref name="onlyRunId"/>, when given); returns how many it found.</summary>
    public static int CleanLeftovers(TextWriter output, string? onlyRunId = null)
    {
        var leftovers = RunDirectory.Leftovers(includeRunning: false).Where(run => onlyRunId is null || run.Record.Id == onlyRunId).ToList();
        foreach (var (path, record) in leftovers)
        {
            output.WriteLine($"cleaning up the interrupted {record.Kind} rehearsal {record.Id}...");
            foreach (var process in record.Processes)
            {
                if (RunDirectory.ProcessName(process.Pid) is { } name && IsSameProgram(name, process.Program))
                {
                    output.WriteLine($"  stopping {process.Name} (pid {process.Pid})");
                    ProcessTree.KillWithDescendants(process.Pid);
                }
            }

            foreach (var name in record.Namespaces)
            {
                TopologyCleanup.DeleteNamespace(name, output);
            }

            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException exception)
            {
                output.WriteLine($"  could not remove {path}: {exception.Message}");
            }
        }

        return leftovers.Count;
    }

    // /proc's comm is cut to 15 characters.
    private static bool IsSameProgram(string running, string recorded) =>
        running == recorded || (running.Length == 15 && recorded.StartsWith(running, StringComparison.Ordinal));
}
