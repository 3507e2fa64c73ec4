// A no-change `pulumi up` from another machine rolls no server: the sample published from two checkouts (another
// folder, files made at another time, the second publish run by another user with its own home and NuGet folder)
// gives the program the same package, and the program registers the same launch template inputs and the same
// package object. What differs between machines (paths, users, times) never reaches the servers.
using System.Text.Json;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Tests.Shared;

namespace WebStack.Infra.Tests;

public sealed class ReproducibleDeployTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("webstack-repro-deploy-").FullName;

    [Fact]
    public async Task ANoChangeUpFromAnotherCheckoutByAnotherUserRegistersTheSameLaunchTemplateAndPackage()
    {
        var repository = RepositoryRoot();
        var first = SourceCheckout.Create(repository, Path.Combine(_scratch, "a"));
        var second = SourceCheckout.Create(repository, Path.Combine(_scratch, "home", "ci-runner", "work", "webstack", "b"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var firstOut = Path.Combine(first, "out");
        var (code, said) = await SourceCheckout.RunAsync("dotnet", Publish(first, firstOut), first);
        Assert.True(code == 0, $"publishing from {first} failed: {said}");
        var secondOut = Path.Combine(second, "out");
        (code, said) = await SourceCheckout.RunAsAnotherUserAsync(second, Path.Combine(_scratch, "other-user"), SourceCheckout.RestoredPackages(Path.Combine(first, "app", "WebStack.App")),
            Publish(second, secondOut));
        Assert.True(code == 0, $"publishing from {second} as another user failed: {said}");

        var runs = new List<StackRun>();
        foreach (var published in new[] { firstOut, secondOut })
        {
            runs.Add(await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["app"] = AppSetting(published) }));
        }

        var templates = runs.Select(run => JsonSerializer.Serialize(run.Single(ResourceTypes.LaunchTemplate).Inputs)).ToList();
        Assert.True(templates[0] == templates[1],
            $"the launch templates differ; files of the two publishes that differ: {string.Join(", ", SourceCheckout.Differences(firstOut, secondOut))}");
        var packages = runs.Select(run => run.OfType(ResourceTypes.BucketObject).Single(item => item.Text("key").StartsWith("app/default/", StringComparison.Ordinal)).Text("key")).ToList();
        Assert.Equal(packages[0], packages[1]);
        // And the servers install exactly that package.
        var userData = UserDataScript.FromLaunchTemplateUserData(runs[0].Single(ResourceTypes.LaunchTemplate).Text("userData"));
        Assert.Contains($"'{packages[0]}'", userData, StringComparison.Ordinal);
    }

    /// <summary>The program's own publish of a .NET project, from <paramref name="checkout"/> (its source root).</summary>
    private static IReadOnlyList<string> Publish(string checkout, string output) =>
        AppBuilder.PublishArguments(Path.Combine(checkout, AppSettings.SampleProject), AppBuilder.ServerRuntime, output, checkout);

    /// <summary>The sample as a package built elsewhere: what the program deploys for it.</summary>
    private static string AppSetting(string published) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["package"] = published,
        ["command"] = new[] { "./WebStack.App" },
        ["healthPath"] = AppSettings.Sample.HealthPath,
        ["releaseCommand"] = AppSettings.Sample.ReleaseCommand!.Words,
        ["staticDir"] = "wwwroot",
    });

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository (Infra.sln) above {AppContext.BaseDirectory}");
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
