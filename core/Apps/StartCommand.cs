// Resolves how an app's processes start from its settings and its package: a command the settings give must name an
// executable file of the package; a .NET app's is implied by its app host (Name beside Name.runtimeconfig.json, as a
// self-contained publish makes it); a jar's is `java -jar`, with the heap kept to its share of the server's memory.
using System.Globalization;

namespace WebStack.Core.Apps;

public static class StartCommand
{
    public const string RuntimeConfigSuffix = ".runtimeconfig.json";

    /// <summary>The start command, or the reason it can't be resolved (naming <paramref name="where"/>'s setting).</summary>
    /// <param name="processesOnServer">Every app process a server runs (all sites): a jar's heap is a share of memory.</param>
    public static AppCommand Resolve(AppSettings app, PackageContents contents, int processesOnServer, string where)
    {
        var problems = Problems(app, contents, where);
        if (problems.Count > 0)
        {
            throw new AppPackageException(problems);
        }

        if (app.Command is { } given)
        {
            return given;
        }

        if (app.Source is JarSource jar)
        {
            return AppCommand.Of("java", $"-XX:MaxRAMPercentage={JavaHeapPercent(processesOnServer).ToString(CultureInfo.InvariantCulture)}", "-jar", jar.FileName);
        }

        return AppCommand.Of("./" + AppHosts(contents).Single());
    }

    /// <summary>
    /// Every reason the package can't run as configured: the command's or release command's program missing or not
    /// executable, no (or more than one) app host to imply, a jar that isn't in it.
    /// </summary>
    public static IReadOnlyList<string> Problems(AppSettings app, PackageContents contents, string where)
    {
        var problems = new List<string>();
        CheckProgram(app.Command, "command", where, contents, problems);
        CheckProgram(app.ReleaseCommand, "releaseCommand", where, contents, problems);
        if (app.Command is null)
        {
            if (app.Source is JarSource jar)
            {
                if (contents.Find(jar.FileName) is null)
                {
                    problems.Add($"{where}.jar: the package holds no {jar.FileName}");
                }
            }
            else
            {
                var hosts = AppHosts(contents);
                if (hosts.Count == 0)
                {
                    problems.Add($"{where}: the package has no .NET app host to start (a self-contained publish has Name beside Name{RuntimeConfigSuffix}; it holds {contents.Sample()}); "
                        + $"set {where}.command to the program that starts it, e.g. [\"./server\"]");
                }
                else if (hosts.Count > 1)
                {
                    problems.Add($"{where}: the package has {hosts.Count} .NET app hosts ({string.Join(", ", hosts)}); set {where}.command to the one that serves, e.g. [\"./{hosts[0]}\"]");
                }
            }
        }

        if (app.StaticDirectory is { } folder && app.Source is not JarSource && !contents.Files.Any(file => file.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            problems.Add($"{where}.staticDir: the package has no files under {folder}/ (it holds {contents.Sample()})");
        }

        return problems;
    }

    private static void CheckProgram(AppCommand? command, string property, string where, PackageContents contents, List<string> problems)
    {
        if (command is null || command.Program == "java")
        {
            return;
        }

        switch (contents.Find(command.PackagePath))
        {
            case null:
                problems.Add($"{where}.{property}: {command.Program} is not in the package (it holds {contents.Sample()})");
                break;
            case { Executable: false }:
                problems.Add($"{where}.{property}: {command.Program} is in the package but not executable; mark it so (chmod +x) before packing, or start it through its interpreter");
                break;
        }
    }

    /// <summary>Root files Name with Name.runtimeconfig.json beside them and executable: a .NET app's host.</summary>
    public static IReadOnlyList<string> AppHosts(PackageContents contents) =>
        contents.Files
            .Where(file => !file.Path.Contains('/') && file.Path.EndsWith(RuntimeConfigSuffix, StringComparison.Ordinal))
            .Select(file => file.Path[..^RuntimeConfigSuffix.Length])
            .Where(name => contents.Find(name) is { Executable: true })
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A JVM takes a quarter of the memory by default; several on one server would together take more than there is.</summary>
    public static int JavaHeapPercent(int processesOnServer) => Math.Clamp(70 / Math.Max(1, processesOnServer), 5, 70);
}

/// <summary>An app's package that can't run as its settings say; the message lists every problem.</summary>
public sealed class AppPackageException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 1 ? problems[0] : "the app can't run as configured:" + string.Concat(problems.Select(problem => $"\n  - {problem}")))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
