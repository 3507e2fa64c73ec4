// A copy of the repository's app sources as another machine would have them: another folder (path and name), files
// made at another time, and a publish run as another user (its own home and NuGet folder, a stricter umask). Linked
// into the test projects that prove a build from it gives the same package, and the same launch template.
using System.Diagnostics;
using System.Security.Cryptography;

namespace WebStack.Tests.Shared;

internal static class SourceCheckout
{
    // What a publish of the app reads: its sources, the core's, and the solution-wide build settings.
    private static readonly string[] Sources = ["app", "core", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "global.json", "nuget.config"];

    /// <summary>The user a second publish runs as when the tests run as root: nobody, as on Debian.</summary>
    public const int OtherUserId = 65534;

    /// <summary>Copies the app's sources from <paramref name="repository"/> into <paramref name="target"/> (a checkout: it has a .git).</summary>
    public static string Create(string repository, string target, DateTime? mtime = null)
    {
        Directory.CreateDirectory(Path.Combine(target, ".git"));
        foreach (var source in Sources)
        {
            var from = Path.Combine(repository, source);
            if (Directory.Exists(from))
            {
                CopyTree(from, Path.Combine(target, source));
            }
            else if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(target, source));
            }
        }

        if (mtime is { } time)
        {
            foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        return target;
    }

    /// <summary>
    /// Runs dotnet with <paramref name="arguments"/> in <paramref name="checkout"/> as another user: as root, nobody
    /// (which then owns the checkout), with a home and a NuGet folder of its own seeded with the packages a first
    /// restore fetched (so nothing is downloaded again), and umask 077; otherwise this user with that home, that
    /// folder and that umask. Returns the exit code and what it said.
    /// </summary>
    public static async Task<(int Code, string Output)> RunAsAnotherUserAsync(string checkout, string home, (string Folder, IReadOnlyList<string> Packages) seed, IReadOnlyList<string> arguments)
    {
        var packages = Path.Combine(home, "nuget-packages");
        Directory.CreateDirectory(home);
        await CopyPackagesAsync(seed, packages);
        var root = Environment.IsPrivilegedProcess && OperatingSystem.IsLinux();
        if (root && OperatingSystem.IsLinux())
        {
            // The way down to the checkout and the home must be open to nobody (temporary folders are made 0700).
            for (var directory = new DirectoryInfo(checkout).Parent; directory is not null && directory.FullName != Path.GetTempPath().TrimEnd('/'); directory = directory.Parent)
            {
                File.SetUnixFileMode(directory.FullName, File.GetUnixFileMode(directory.FullName) | UnixFileMode.OtherExecute);
            }

            await RunAsync("chown", ["-R", $"{OtherUserId}:{OtherUserId}", checkout, home]);
        }

        var command = new List<string>();
        if (root)
        {
            command.AddRange(["setpriv", $"--reuid={OtherUserId}", $"--regid={OtherUserId}", "--clear-groups", "--"]);
        }

        var script = "umask 077; exec dotnet \"$@\"";
        command.AddRange(["env", $"HOME={home}", $"DOTNET_CLI_HOME={home}", $"NUGET_PACKAGES={packages}", $"TMPDIR={home}", "USER=nobody", "bash", "-c", script, "dotnet", .. arguments]);
        return await RunAsync(command[0], command[1..], checkout);
    }

    /// <summary>The relative paths of the files that differ between two published folders.</summary>
    public static IEnumerable<string> Differences(string a, string b)
    {
        static Dictionary<string, string> Hashes(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));

        var (left, right) = (Hashes(a), Hashes(b));
        return left.Keys.Union(right.Keys).Where(key => left.GetValueOrDefault(key) != right.GetValueOrDefault(key)).Order();
    }

    public static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory ?? "" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, (await output) + (await errors));
    }

    /// <summary>The NuGet folder a restore of the project used, and the packages it took (from its project.assets.json).</summary>
    public static (string Folder, IReadOnlyList<string> Packages) RestoredPackages(string projectDirectory)
    {
        using var assets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(projectDirectory, "obj", "project.assets.json")));
        var root = assets.RootElement;
        var folder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var packages = root.GetProperty("libraries").EnumerateObject()
            .Where(library => library.Value.GetProperty("type").GetString() == "package")
            .Select(library => library.Name.ToLowerInvariant())
            .ToList();
        // The runtime packs of a self-contained publish: [10.0.12, 10.0.12] and the like.
        foreach (var framework in root.GetProperty("project").GetProperty("frameworks").EnumerateObject())
        {
            if (framework.Value.TryGetProperty("downloadDependencies", out var downloads))
            {
                packages.AddRange(downloads.EnumerateArray().Select(download =>
                    $"{download.GetProperty("name").GetString()!.ToLowerInvariant()}/{download.GetProperty("version").GetString()!.Trim('[', ']').Split(',')[0].Trim()}"));
            }
        }

        return (folder, packages);
    }

    // Only the packages the first restore used, so the other user's restore finds them all and downloads nothing.
    private static async Task CopyPackagesAsync((string Folder, IReadOnlyList<string> Packages) restored, string to)
    {
        foreach (var package in restored.Packages)
        {
            var from = Path.Combine(restored.Folder, package);
            if (!Directory.Exists(from))
            {
                continue;
            }

            var target = Path.Combine(to, package);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var (code, output) = await RunAsync("cp", ["-a", from, target]);
            if (code != 0)
            {
                throw new InvalidOperationException($"copying {from} failed: {output}");
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from).Where(directory => Path.GetFileName(directory) is not ("bin" or "obj")))
        {
            CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
