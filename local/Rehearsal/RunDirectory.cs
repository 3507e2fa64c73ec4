// One rehearsal's scratch space and its record of what it started (processes, network namespaces). The record is
// what lets `webstack down`, or the next run, clean up after a run that was killed before it could.
using System.Text.Json;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

/// <param name="Stack">The stack the run rehearses (null in records of older runs).</param>
public sealed record RunRecord(string Id, string Kind, int OwnerPid, List<RecordedProcess> Processes, List<string> Namespaces, string? Stack = null);

/// <param name="Program">The executable's file name, checked before a leftover pid is signalled (pids get reused).</param>
public sealed record RecordedProcess(int Pid, string Name, string Program);

public sealed class RunDirectory
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _lock = new();
    private readonly RunRecord _record;

    private RunDirectory(string path, RunRecord record)
    {
        Path = path;
        _record = record;
    }

    public static string Root => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "webstack-runs");

    public string Path { get; }

    public string Id => _record.Id;

    public static RunDirectory Create(string kind, string? stack = null)
    {
        Directory.CreateDirectory(Root);
        // Other users (postgres, nginx's workers) need to pass through the run's directories.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
        var path = System.IO.Path.Combine(Root, $"{kind}-{id}");
        // Made under a hidden name and renamed once its record is written: a cleanup running at the same moment
        // never sees a run without its record (and takes it for an interrupted one).
        var staging = System.IO.Path.Combine(Root, $".{kind}-{id}.new");
        Directory.CreateDirectory(staging);
        File.SetUnixFileMode(staging, (UnixFileMode)0b111_101_101);
        var record = new RunRecord(id, kind, Environment.ProcessId, [], [], stack);
        new RunDirectory(staging, record).Save();
        Directory.Move(staging, path);
        return new RunDirectory(path, record);
    }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    public void Record(ChildProcess process, string program)
    {
        lock (_lock)
        {
            _record.Processes.Add(new RecordedProcess(process.Pid, process.Name, System.IO.Path.GetFileName(program)));
            Save();
        }
    }

    public void RecordNamespace(string name)
    {
        lock (_lock)
        {
            _record.Namespaces.Add(name);
            Save();
        }
    }

    public void Remove()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void Save()
    {
        var file = System.IO.Path.Combine(Path, "run.json");
        File.WriteAllText(file + ".next", JsonSerializer.Serialize(_record, Json));
        File.Move(file + ".next", file, overwrite: true);
    }

    /// <summary>The runs of <paramref name="kind"/> whose owner is running now (a `hosts up` still up, say).</summary>
    public static IReadOnlyList<(string Path, RunRecord Record)> Running(string kind) =>
        Leftovers(includeRunning: true).Where(run => run.Record.Kind == kind && run.Record.OwnerPid != 0 && OwnerAlive(run.Record.OwnerPid)).ToList();

    /// <summary>Records of runs whose owner is gone: what an interrupted run left behind.</summary>
    public static IReadOnlyList<(string Path, RunRecord Record)> Leftovers(bool includeRunning)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var result = new List<(string, RunRecord)>();
        foreach (var directory in Directory.EnumerateDirectories(Root).Where(path => !System.IO.Path.GetFileName(path).StartsWith('.')))
        {
            var file = System.IO.Path.Combine(directory, "run.json");
            RunRecord? record = null;
            try
            {
                record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(file));
            }
            catch (Exception exception) when (exception is IOException or JsonException)
            {
            }

            record ??= new RunRecord(System.IO.Path.GetFileName(directory), "unknown", 0, [], []);
            if (includeRunning || record.OwnerPid == 0 || !OwnerAlive(record.OwnerPid))
            {
                result.Add((directory, record));
            }
        }

        return result;
    }

    private static bool OwnerAlive(int pid) =>
        Signals.IsAlive(pid) && ProcessName(pid) is "webstack" or "dotnet" or "testhost";

    /// <summary>The executable's name of a running process, or null.</summary>
    public static string? ProcessName(int pid)
    {
        try
        {
            var target = new FileInfo($"/proc/{pid}/exe").LinkTarget;
            return target is null ? null : System.IO.Path.GetFileName(target);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another user's process (e.g. postgres run by setpriv): /proc/<pid>/comm is still readable.
            try
            {
                return File.ReadAllText($"/proc/{pid}/comm").Trim();
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
