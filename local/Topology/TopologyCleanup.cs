// Removes what a topology run made in the kernel: its network namespaces (deleting one removes its links and its
// nftables tables with it) and any process still inside one. Every name carries the run's prefix, so only a
// rehearsal's own namespaces are touched.
using System.Globalization;
using System.Text.RegularExpressions;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

public static partial class TopologyCleanup
{
    /// <summary>"ws" + the run's 4-hex id + "-" + the host: the shape of every namespace a topology creates.</summary>
    [GeneratedRegex("^ws(?<run>[0-9a-f]{4})-[a-z0-9]+$")]
    public static partial Regex NamespacePattern();

    /// <summary>A run's id: 4 lower-case hex digits, as RunDirectory makes them.</summary>
    [GeneratedRegex("^[0-9a-f]{4}$")]
    public static partial Regex RunIdPattern();

    public static void DeleteNamespace(string name, TextWriter output) => DeleteNamespaceAsync(name, output).GetAwaiter().GetResult();

    /// <summary>
    /// Kills whatever still runs inside the namespace (a namespace outlives its name while a process holds it, and a
    /// killed nginx master leaves its workers behind), then deletes it. False when there was no such namespace.
    /// </summary>
    public static async Task<bool> DeleteNamespaceAsync(string name, TextWriter output)
    {
        if (!NamespacePattern().IsMatch(name))
        {
            return false;
        }

        var pids = await ProcessesInAsync(name);
        foreach (var pid in pids)
        {
            output.WriteLine($"  stopping {RunDirectory.ProcessName(pid) ?? "process"} (pid {pid}) left in {name}");
            Signals.Send(pid, Signals.SigKill);
        }

        for (var i = 0; i < 50 && pids.Any(Signals.IsAlive); i++)
        {
            await Task.Delay(20);
        }

        var result = await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "delete", name));
        if (result.Succeeded)
        {
            output.WriteLine($"  removed network namespace {name}");
        }

        RemoveNamespaceFiles(name, output);
        return result.Succeeded;
    }

    /// <summary>
    /// The files `ip netns exec` puts over /etc in a namespace (/etc/netns/&lt;name&gt;/, e.g. the client's hosts file
    /// with the stack's name), removed with the namespace; this machine's own /etc is never written.
    /// </summary>
    public static void RemoveNamespaceFiles(string name, TextWriter output)
    {
        var directory = NamespaceEtc(name);
        if (NamespacePattern().IsMatch(name) && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
            output.WriteLine($"  removed {directory}");
        }
    }

    /// <summary>Where `ip netns exec` finds a namespace's own /etc files.</summary>
    public static string NamespaceEtc(string name) => Path.Combine("/etc/netns", name);

    /// <summary>The processes inside a namespace (ip netns pids); empty when it doesn't exist.</summary>
    public static async Task<IReadOnlyList<int>> ProcessesInAsync(string name)
    {
        var result = await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "pids", name));
        return result.Succeeded
            ? result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0 && pid != Environment.ProcessId)
                .ToList()
            : [];
    }

    /// <summary>The names of the network namespaces on this machine (ip netns list); empty when there are none or ip is missing.</summary>
    public static async Task<IReadOnlyList<string>> ListNamespacesAsync()
    {
        if (RequiredProgram.Ip.Find() is null)
        {
            return [];
        }

        var list = await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "list"));
        return list.Succeeded
            ? list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0]).ToList()
            : [];
    }

    /// <summary>Namespaces of runs that no longer have a run directory (a run killed before it recorded them); returns how many.</summary>
    public static int RemoveOrphans(TextWriter output)
    {
        var liveRuns = Directory.Exists(RunDirectory.Root)
            ? Directory.EnumerateDirectories(RunDirectory.Root).Select(path => Path.GetFileName(path).Split('-').Last()).ToHashSet()
            : [];
        var removed = 0;
        foreach (var name in ListNamespacesAsync().GetAwaiter().GetResult())
        {
            var match = NamespacePattern().Match(name);
            if (match.Success && !liveRuns.Contains(match.Groups["run"].Value))
            {
                DeleteNamespace(name, output);
                removed++;
            }
        }

        // A run killed after its namespace went but before its files did.
        var etc = Path.GetDirectoryName(NamespaceEtc("x"))!;
        foreach (var directory in Directory.Exists(etc) ? Directory.EnumerateDirectories(etc) : [])
        {
            var match = NamespacePattern().Match(Path.GetFileName(directory));
            if (match.Success && !liveRuns.Contains(match.Groups["run"].Value))
            {
                RemoveNamespaceFiles(Path.GetFileName(directory), output);
            }
        }

        return removed;
    }
}
