// What can be checked of an app before anything is built or started: the project, package or jar it names exists,
// a package's command names an executable file in it, a jar has the Main-Class `java -jar` needs, a jar's static
// folder exists. `plan`, the rehearsals and the Pulumi program all ask this first and report every problem at once.
using System.IO.Compression;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Core.Apps;

public static class AppSourceCheck
{
    /// <summary>Every app of the stack with the setting that names it: "app" for the default site's, "sites[i].app" for a site's own.</summary>
    public static IReadOnlyList<(string Where, AppSettings App)> AppsOf(StackSettings settings) =>
        [("app", settings.App), .. settings.Sites.Select((site, index) => (Where: $"sites[{index}].app", site.App)).Where(pair => pair.App is not null).Select(pair => (pair.Where, pair.App!))];

    /// <summary>
    /// An app's path as a full path, relative ones taken from the stack's project directory, with every link resolved:
    /// a project reached through a link is built where it really is, next to the files its build imports
    /// (Directory.Build.props and the like are looked up from there).
    /// </summary>
    public static string Resolve(string projectDirectory, string path) => RealPath(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(projectDirectory, path)));

    private static string RealPath(string full, int depth = 0)
    {
        var root = Path.GetPathRoot(full)!;
        var result = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (depth < 32 && info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                next = RealPath(target.FullName, depth + 1);
            }

            result = next;
        }

        return result;
    }

    public static IReadOnlyList<string> Problems(StackSettings settings, string projectDirectory) =>
        AppsOf(settings).SelectMany(pair => Problems(pair.App, pair.Where, projectDirectory)).ToList();

    public static IReadOnlyList<string> Problems(AppSettings app, string where, string projectDirectory)
    {
        var path = Resolve(projectDirectory, app.Source.Path);
        var named = $"{where}.{app.Source.Property} = \"{app.Source.Path}\"";
        switch (app.Source)
        {
            case DotnetProjectSource when !File.Exists(path):
                return [$"{named}: there is no such project ({path}); give the path of your .csproj from {projectDirectory}"];
            case DotnetProjectSource:
                return [];
            case PackageSource package when package.IsArchive && !File.Exists(path):
            case PackageSource when !File.Exists(path) && !Directory.Exists(path):
                return [$"{named}: there is no such package ({path}); build it first, or give the path of its folder or .tar.gz from {projectDirectory}"];
            case PackageSource package when !package.IsArchive && File.Exists(path):
                return [$"{named}: is a file, not a folder; a package is a folder or a .tar.gz of one"];
            case PackageSource:
                try
                {
                    return StartCommand.Problems(app, PackageContents.Of(path), where);
                }
                catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException)
                {
                    return [$"{named}: can't be read as a gzip-compressed tar ({exception.Message})"];
                }

            case JarSource jar:
                return JarProblems(jar, app, where, named, path, projectDirectory);
            default:
                return [];
        }
    }

    private static IReadOnlyList<string> JarProblems(JarSource jar, AppSettings app, string where, string named, string path, string projectDirectory)
    {
        var problems = new List<string>();
        if (!File.Exists(path))
        {
            problems.Add($"{named}: there is no such jar ({path}); build it first, or give its path from {projectDirectory}");
        }
        else if (app.Command is null && MainClassProblem(path) is { } problem)
        {
            problems.Add($"{named}: {problem}; `java -jar` can't start it (set {where}.command if it starts another way)");
        }

        if (app.StaticDirectory is { } folder && !Directory.Exists(Resolve(projectDirectory, folder)))
        {
            problems.Add($"{where}.staticDir = \"{folder}\": there is no such folder ({Resolve(projectDirectory, folder)}); a jar's static folder is taken from the project directory");
        }

        var contents = new PackageContents([new PackageFile(jar.FileName, Executable: false)]);
        problems.AddRange(StartCommand.Problems(app with { StaticDirectory = null }, contents, where));
        return problems;
    }

    /// <summary>Why the jar has no Main-Class in its manifest, or null when it has one.</summary>
    private static string? MainClassProblem(string jar)
    {
        try
        {
            using var archive = ZipFile.OpenRead(jar);
            var manifest = archive.GetEntry("META-INF/MANIFEST.MF");
            if (manifest is null)
            {
                return "it has no META-INF/MANIFEST.MF";
            }

            using var reader = new StreamReader(manifest.Open());
            return reader.ReadToEnd().Split('\n').Any(line => line.StartsWith("Main-Class:", StringComparison.OrdinalIgnoreCase))
                ? null
                : "its manifest has no Main-Class";
        }
        catch (InvalidDataException exception)
        {
            return $"it is not a jar (zip) file ({exception.Message})";
        }
    }

    /// <summary>The processes a server runs in all (a jar's heap is its share of the memory).</summary>
    public static int ProcessesOnServer(IReadOnlyList<AppSite> sites) => sites.Sum(site => site.Ports.Count);
}
