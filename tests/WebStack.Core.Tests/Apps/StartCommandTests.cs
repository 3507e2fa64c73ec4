// How an app's processes start, resolved against its package: a .NET app's host is found in its publish, a jar gets
// java -jar with its share of the memory, a command must name an executable file of the package.
using WebStack.Core.Apps;

namespace WebStack.Core.Tests.Apps;

public sealed class StartCommandTests
{
    private static readonly AppSettings Package = AppSettings.Sample with { Source = new PackageSource("dist"), ReleaseCommand = null, StaticDirectory = null };

    private static PackageContents Files(params (string Path, bool Executable)[] files) => new(files.Select(file => new PackageFile(file.Path, file.Executable)).ToList());

    [Fact]
    public void A_dotnet_apps_command_is_its_app_host_beside_its_runtimeconfig()
    {
        var contents = Files(("Shop", true), ("Shop.dll", false), ("Shop.runtimeconfig.json", false), ("efbundle", true), ("wwwroot/site.css", false));

        Assert.Equal(AppCommand.Of("./Shop"), StartCommand.Resolve(Package, contents, 2, "app"));
    }

    [Fact]
    public void No_app_host_or_several_are_refused_asking_for_the_command()
    {
        var none = Assert.Throws<AppPackageException>(() => StartCommand.Resolve(Package, Files(("server.sh", true)), 2, "app"));
        var two = Assert.Throws<AppPackageException>(() => StartCommand.Resolve(Package,
            Files(("A", true), ("A.runtimeconfig.json", false), ("B", true), ("B.runtimeconfig.json", false)), 2, "sites[0].app"));

        Assert.Contains("app: the package has no .NET app host to start", none.Message);
        Assert.Contains("set app.command to the program that starts it", none.Message);
        Assert.Contains("sites[0].app: the package has 2 .NET app hosts (A, B); set sites[0].app.command to the one that serves", two.Message);
    }

    [Fact]
    public void A_command_must_name_an_executable_file_of_the_package_and_every_problem_is_listed()
    {
        var app = Package with { Command = AppCommand.Of("./bin/server"), ReleaseCommand = AppCommand.Of("./migrate.sh"), StaticDirectory = "public" };

        var problems = StartCommand.Problems(app, Files(("bin/server", false), ("README", false)), "app");

        Assert.Equal(
            [
                "app.command: ./bin/server is in the package but not executable; mark it so (chmod +x) before packing, or start it through its interpreter",
                "app.releaseCommand: ./migrate.sh is not in the package (it holds README, bin/server)",
                "app.staticDir: the package has no files under public/ (it holds README, bin/server)",
            ],
            problems);
    }

    [Theory]
    [InlineData(1, 70)]
    [InlineData(2, 35)]
    [InlineData(4, 17)]
    [InlineData(32, 5)]
    public void A_jar_starts_with_java_dash_jar_and_its_share_of_the_servers_memory(int processes, int percent)
    {
        var jar = AppSettings.Sample with { Source = new JarSource("build/shop.jar", 21), ReleaseCommand = null, StaticDirectory = null };

        var command = StartCommand.Resolve(jar, Files(("shop.jar", false)), processes, "app");

        Assert.Equal(AppCommand.Of("java", $"-XX:MaxRAMPercentage={percent}", "-jar", "shop.jar"), command);
    }

    [Fact]
    public void A_folder_and_its_archive_list_the_same_files_with_the_same_modes()
    {
        using var temp = new Support.TempDirectory();
        var server = temp.Write("pkg/bin/server", "#!/bin/sh\n");
        File.SetUnixFileMode(server, (UnixFileMode)0b111_101_101);
        temp.Write("pkg/wwwroot/a.css", "a{}");
        var archive = WebStack.Core.Servers.AppPackage.Create(temp.File("pkg"), temp.File("pkg.tar.gz"));

        Assert.Equal(PackageContents.OfDirectory(temp.File("pkg")), PackageContents.OfArchive(archive.Path), new ContentsComparer());
        Assert.Equal([new PackageFile("bin/server", true), new PackageFile("wwwroot/a.css", false)], PackageContents.Of(archive.Path).Files);
    }

    private sealed class ContentsComparer : IEqualityComparer<PackageContents>
    {
        public bool Equals(PackageContents? x, PackageContents? y) => x!.Files.SequenceEqual(y!.Files);

        public int GetHashCode(PackageContents obj) => obj.Files.Count;
    }
}
