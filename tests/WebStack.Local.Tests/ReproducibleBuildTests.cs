// The app package is reproducible: the same sources, checked out in two folders of different names at different
// times, publish to a byte-identical package. A deploy from a teammate's clone or a CI runner with nothing changed
// then makes no new S3 object, no new user data and no new launch template version: it rolls no server.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class ReproducibleBuildTests : IDisposable
{
    // What a publish of the app reads: its sources, the core's, and the solution-wide build settings.
    private static readonly string[] Sources = ["app", "core", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "global.json", "nuget.config"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("webstack-repro-").FullName;

    [Fact]
    public async Task The_same_sources_published_from_two_checkouts_give_the_same_package()
    {
        var first = Checkout(Path.Combine(_scratch, "a"), mtime: null);
        var second = Checkout(Path.Combine(_scratch, "another", "much-longer-checkout-path", "b"), mtime: new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var packages = new List<(AppPackage Package, string Publish)>();
        foreach (var checkout in new[] { first, second })
        {
            var publish = Path.Combine(checkout, "out");
            var result = await ProgramRunner.RunAsync(new CommandSpec("dotnet", AppPublish.Arguments(Path.Combine(checkout, AppPublish.ProjectPath), "linux-x64", publish)),
                timeout: TimeSpan.FromMinutes(10));
            Assert.True(result.Succeeded, $"publishing from {checkout} failed: {result.Output}");
            packages.Add((AppPackage.Create(publish, Path.Combine(checkout, "webstack-app.tar.gz")), publish));
        }

        Assert.True(packages[0].Package.Sha256 == packages[1].Package.Sha256,
            $"the packages differ ({packages[0].Package.Sha256} and {packages[1].Package.Sha256}); files that differ: {string.Join(", ", Differences(packages[0].Publish, packages[1].Publish))}");
        Assert.True(File.Exists(Path.Combine(packages[0].Publish, "wwwroot", "site.css")), "the static files are not in the package");
    }

    private static string Checkout(string target, DateTime? mtime)
    {
        Directory.CreateDirectory(target);
        foreach (var source in Sources)
        {
            var from = Path.Combine(TestProject.RepositoryRoot, source);
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
            // Another checkout, made at another time: every file's time differs.
            foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        return target;
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

    private static IEnumerable<string> Differences(string a, string b)
    {
        static Dictionary<string, string> Hashes(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));

        var (left, right) = (Hashes(a), Hashes(b));
        return left.Keys.Union(right.Keys).Where(key => left.GetValueOrDefault(key) != right.GetValueOrDefault(key)).Order();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
