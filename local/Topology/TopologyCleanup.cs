// Removes what a topology run made in the kernel: its network namespaces (deleting one removes its links and its
// nftables tables with it). Every name carries the run's prefix, so only a rehearsal's own namespaces are touched.
using System.Text.RegularExpressions;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

public static partial class TopologyCleanup
{
    /// <summary>"ws" + the run's 4-hex id + "-" + the host: the shape of every namespace a topology creates.</summary>
    [GeneratedRegex("^ws(?<run>[0-9a-f]{4})-[a-z0-9]+$")]
    public static partial Regex NamespacePattern();

    public static void DeleteNamespace(string name, TextWriter output)
    {
        if (!NamespacePattern().IsMatch(name))
        {
            return;
        }

        var result = ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "delete", name)).GetAwaiter().GetResult();
        if (result.Succeeded)
        {
            output.WriteLine($"  removed network namespace {name}");
        }
    }

    /// <summary>Namespaces of runs that no longer have a run directory (a run killed before it recorded them); returns how many.</summary>
    public static int RemoveOrphans(TextWriter output)
    {
        if (RequiredProgram.Ip.Find() is null)
        {
            return 0;
        }

        var list = ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "list")).GetAwaiter().GetResult();
        if (!list.Succeeded)
        {
            return 0;
        }

        var liveRuns = Directory.Exists(RunDirectory.Root)
            ? Directory.EnumerateDirectories(RunDirectory.Root).Select(path => Path.GetFileName(path).Split('-').Last()).ToHashSet()
            : [];
        var removed = 0;
        foreach (var line in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var match = NamespacePattern().Match(name);
            if (match.Success && !liveRuns.Contains(match.Groups["run"].Value))
            {
                DeleteNamespace(name, output);
                removed++;
            }
        }

        return removed;
    }
}
