// The app package is reproducible: the same sources, checked out in two folders of different names at different
// times, publish to a byte-identical package. A deploy from a teammate's clone or a CI runner with nothing changed
// then makes no new S3 object, no new user data and no new launch template version: it rolls no server. The .NET
// runtime inside it is the one the pinned SDK (global.json, no roll-forward) carries, so another SDK patch on another
// machine can't change it either: that machine can't build until it has the pinned SDK.
using System.Text.Json;
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Tests.Shared;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class ReproducibleBuildTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("webstack-repro-").FullName;

    [Fact]
    public async Task The_same_sources_published_from_two_checkouts_give_the_same_package_with_the_pinned_sdks_runtime()
    {
        var first = SourceCheckout.Create(TestProject.RepositoryRoot, Path.Combine(_scratch, "a"));
        var second = SourceCheckout.Create(TestProject.RepositoryRoot, Path.Combine(_scratch, "another", "much-longer-checkout-path", "b"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var packages = new List<(AppPackage Package, string Publish)>();
        foreach (var checkout in new[] { first, second })
        {
            var publish = Path.Combine(checkout, "out");
            var result = await ProgramRunner.RunAsync(new CommandSpec("dotnet", AppPublish.Arguments(Path.Combine(checkout, AppPublish.ProjectPath), "linux-x64", publish)) { WorkingDirectory = checkout },
                timeout: TimeSpan.FromMinutes(10));
            Assert.True(result.Succeeded, $"publishing from {checkout} failed: {result.Output}");
            packages.Add((AppPackage.Create(publish, Path.Combine(checkout, "webstack-app.tar.gz")), publish));
        }

        Assert.True(packages[0].Package.Sha256 == packages[1].Package.Sha256,
            $"the packages differ ({packages[0].Package.Sha256} and {packages[1].Package.Sha256}); files that differ: {string.Join(", ", SourceCheckout.Differences(packages[0].Publish, packages[1].Publish))}");
        Assert.True(File.Exists(Path.Combine(packages[0].Publish, "wwwroot", "site.css")), "the static files are not in the package");

        // The runtime published with the app is the pinned SDK's own, and the SDK that ran is the pinned one.
        var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestProject.RepositoryRoot, "global.json"))).RootElement.GetProperty("sdk");
        Assert.Equal("disable", pinned.GetProperty("rollForward").GetString());
        var sdk = (await ProgramRunner.RunCheckedAsync(new CommandSpec("dotnet", ["--version"]) { WorkingDirectory = first }, "dotnet --version")).Trim();
        Assert.Equal(pinned.GetProperty("version").GetString(), sdk);
        var runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(packages[0].Publish, "WebStack.App.runtimeconfig.json"))).RootElement
            .GetProperty("runtimeOptions").GetProperty("includedFrameworks").EnumerateArray()
            .Single(framework => framework.GetProperty("name").GetString() == "Microsoft.NETCore.App").GetProperty("version").GetString();
        Assert.Equal(BundledRuntime(sdk), runtime);
    }

    /// <summary>The .NET runtime version an SDK carries (and publishes self-contained apps with).</summary>
    private static string BundledRuntime(string sdk)
    {
        var dotnet = Path.GetDirectoryName(Path.GetFullPath(ProgramOnPath("dotnet")))!;
        var props = File.ReadAllText(Path.Combine(dotnet, "sdk", sdk, "Microsoft.NETCoreSdk.BundledVersions.props"));
        var match = System.Text.RegularExpressions.Regex.Match(props, "<BundledNETCoreAppPackageVersion>([^<]+)</BundledNETCoreAppPackageVersion>");
        Assert.True(match.Success, $"the SDK {sdk} names no bundled runtime");
        return match.Groups[1].Value;
    }

    private static string ProgramOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException($"no {name} on PATH");
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
