// The processes a program started (nginx's workers, PostgreSQL's backends), read from /proc, so a program killed
// outright doesn't leave its children running without it.
using System.Globalization;

namespace WebStack.Local.Processes;

public static class ProcessTree
{
    /// <summary>Every process below <paramref name="pid"/>, children before grandchildren.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var (child, _) in parents.Where(entry => entry.Value == parent))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>SIGKILL to the process and everything below it (found first: once the parent dies, its children move to init).</summary>
    public static void KillWithDescendants(int pid)
    {
        var descendants = Descendants(pid);
        Signals.Send(pid, Signals.SigKill);
        foreach (var child in descendants)
        {
            Signals.Send(child, Signals.SigKill);
        }
    }

    /// <summary>True while the process exists and isn't a zombie waiting to be reaped (which kill(pid, 0) can't tell).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
