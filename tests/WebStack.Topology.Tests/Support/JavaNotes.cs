// The Java example built as a release of its own: its sources with the migrations a test adds, built with the JDK
// alone (examples/java-notes/build.sh), into the stack's project directory where its `jar` setting points.
using WebStack.Local.Processes;

namespace WebStack.Topology.Tests.Support;

internal static class JavaNotes
{
    public const string JarName = "notes.jar";

    /// <summary>The stack file's app: the jar, its liveness check and its migrations as its release command.</summary>
    public const string AppSetting = """
          webstack:app:
            jar: notes.jar
            healthPath: /healthz
            releaseCommand: [java, -jar, notes.jar, --migrate]
        """;

    /// <summary>Why this machine can't build and run it, or null.</summary>
    public static string? Missing()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var missing = new[] { "javac", "jar", "java" }.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (!File.Exists("/usr/share/java/postgresql.jar"))
        {
            missing.Add("/usr/share/java/postgresql.jar (Debian's libpostgresql-jdbc-java)");
        }

        return missing.Count == 0 ? null : $"the Java example needs a JDK and pgjdbc, not installed here: {string.Join(", ", missing)} (.ci/run installs them)";
    }

    /// <summary>Builds the example with <paramref name="migrations"/> added (file name to SQL) into <paramref name="jar"/>.</summary>
    public static async Task BuildAsync(string jar, IReadOnlyDictionary<string, string>? migrations = null)
    {
        var sources = Directory.CreateTempSubdirectory("webstack-java-notes-").FullName;
        try
        {
            await ProgramRunner.RunCheckedAsync(CommandSpec.Of("cp", "-a", Path.Combine(Repo.Root, "examples", "java-notes") + "/.", sources + "/"), "copying the Java example");
            foreach (var (name, sql) in migrations ?? new Dictionary<string, string>())
            {
                await File.WriteAllTextAsync(Path.Combine(sources, "src", "main", "resources", "db", "migrations", name), sql);
            }

            await ProgramRunner.RunCheckedAsync(CommandSpec.Of("bash", Path.Combine(sources, "build.sh"), jar), "building the Java example", timeout: TimeSpan.FromMinutes(3));
        }
        finally
        {
            Directory.Delete(sources, recursive: true);
        }
    }
}
