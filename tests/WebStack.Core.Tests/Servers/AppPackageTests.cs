// The app package: the same files always give the same bytes and hash, so only a real change rolls the fleet.
using System.Formats.Tar;
using System.IO.Compression;
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public class AppPackageTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;  // 0755
    private const UnixFileMode Plain = (UnixFileMode)0b110_100_100;       // 0644

    private static readonly string[] Files = ["WebStack.App", "WebStack.App.dll", "appsettings.json", "wwwroot/site.css", "wwwroot/img/logo.svg", "tools/migrate.sh"];

    /// <summary>A publish directory with the files written in the given order and modes as a build would leave them.</summary>
    private static string Publish(TempDirectory temp, string name, IEnumerable<string> order, bool executableMarked = true)
    {
        var directory = temp.File(name);
        foreach (var file in order)
        {
            var path = Path.Combine(directory, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"contents of {file}\n");
            var executable = file == "tools/migrate.sh" || (file == "WebStack.App" && executableMarked);
            File.SetUnixFileMode(path, executable ? Executable : Plain);
        }

        return directory;
    }

    private static Dictionary<string, (UnixFileMode Mode, string Text)> Entries(string package)
    {
        using var file = File.OpenRead(package);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new Dictionary<string, (UnixFileMode, string)>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var reader = new StreamReader(entry.DataStream!);
            entries[entry.Name] = (entry.Mode, reader.ReadToEnd());
        }

        return entries;
    }

    [Fact]
    public void The_same_files_give_byte_identical_packages_and_the_same_hash()
    {
        using var temp = new TempDirectory();
        var first = Publish(temp, "first", Files);
        var second = Publish(temp, "second", Files.Reverse());
        File.SetLastWriteTimeUtc(Path.Combine(second, "appsettings.json"), new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc));

        var a = AppPackage.Create(first, temp.File("out/a.tar.gz"));
        var b = AppPackage.Create(second, temp.File("out/b.tar.gz"));
        var again = AppPackage.Create(first, temp.File("out/again.tar.gz"));

        Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
        Assert.Equal(a.Sha256, b.Sha256);
        Assert.Equal(a.Sha256, again.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", a.Sha256);
        Assert.Equal($"app/default/{a.Sha256}.tar.gz", a.ObjectKeyFor("default"));
        Assert.Equal($"app/blog/{a.Sha256}.tar.gz", a.ObjectKeyFor("blog"));
    }

    [Fact]
    public void A_changed_file_gives_a_new_hash()
    {
        using var temp = new TempDirectory();
        var directory = Publish(temp, "app", Files);
        var before = AppPackage.Create(directory, temp.File("before.tar.gz"));

        File.AppendAllText(Path.Combine(directory, "wwwroot/site.css"), "body { color: red; }\n");
        var after = AppPackage.Create(directory, temp.File("after.tar.gz"));

        Assert.NotEqual(before.Sha256, after.Sha256);
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_package_file()
    {
        using var temp = new TempDirectory();
        var package = AppPackage.Create(Publish(temp, "app", Files), temp.File("app.tar.gz"));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(package.Path))), package.Sha256);
        Assert.Equal(package.Sha256, AppPackage.HashOf(package.Path));
    }

    [Fact]
    public void Every_file_is_packed_with_its_relative_path_its_contents_and_root_ownership()
    {
        using var temp = new TempDirectory();
        var package = AppPackage.Create(Publish(temp, "app", Files), temp.File("app.tar.gz"));

        var entries = Entries(package.Path);

        Assert.Equal(Files.Order(StringComparer.Ordinal), entries.Keys);
        Assert.All(Files, file => Assert.Equal($"contents of {file}\n", entries[file].Text));
    }

    [Fact]
    public void The_executable_bit_is_kept_and_everything_else_is_read_only_for_others()
    {
        using var temp = new TempDirectory();
        var package = AppPackage.Create(Publish(temp, "app", Files), temp.File("app.tar.gz"));

        var entries = Entries(package.Path);

        Assert.Equal(Executable, entries["WebStack.App"].Mode);
        Assert.Equal(Executable, entries["tools/migrate.sh"].Mode);
        Assert.Equal(Plain, entries["WebStack.App.dll"].Mode);
        Assert.Equal(Plain, entries["wwwroot/site.css"].Mode);
    }

    [Fact]
    public void A_file_keeps_the_mode_the_build_gave_it_so_a_host_that_lost_its_bit_is_caught_by_its_start_command()
    {
        using var temp = new TempDirectory();
        var package = AppPackage.Create(Publish(temp, "app", Files, executableMarked: false), temp.File("app.tar.gz"));

        Assert.Equal(Plain, Entries(package.Path)["WebStack.App"].Mode);
        var problems = WebStack.Core.Apps.StartCommand.Problems(TestApps.Sample, WebStack.Core.Apps.PackageContents.OfArchive(package.Path), "app");
        Assert.Contains(problems, problem => problem.Contains("app.releaseCommand: ./WebStack.App is in the package but not executable", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Tar_unpacks_the_package_with_the_executable_still_executable()
    {
        var tar = Tools.Require("tar", "unpacking the app package");
        using var temp = new TempDirectory();
        var package = AppPackage.Create(Publish(temp, "app", Files), temp.File("app.tar.gz"));
        Directory.CreateDirectory(temp.File("unpacked"));

        var result = Tools.Run(tar, ["-xzf", package.Path, "-C", temp.File("unpacked"), "--no-same-owner"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("contents of WebStack.App\n", File.ReadAllText(temp.File("unpacked/WebStack.App")));
        Assert.True(File.GetUnixFileMode(temp.File("unpacked/WebStack.App")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(temp.File("unpacked/wwwroot/site.css")).HasFlag(UnixFileMode.UserExecute));
        var listing = Tools.Run(tar, ["-tvzf", package.Path]);
        Assert.Contains("root/root", listing.Stdout);
        Assert.Contains("2000-01-01", listing.Stdout);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_refused_before_anything_is_written()
    {
        using var temp = new TempDirectory();

        var exception = Assert.Throws<DirectoryNotFoundException>(() => AppPackage.Create(temp.File("nothing-here"), temp.File("app.tar.gz")));

        Assert.Equal($"no app to pack: {temp.File("nothing-here")} does not exist", exception.Message);
        Assert.False(File.Exists(temp.File("app.tar.gz")));
    }
}
