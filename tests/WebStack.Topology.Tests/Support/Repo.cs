// The repository the tests run from: its Pulumi.yaml and its app, published once for every test that needs it.
using WebStack.Local.Rehearsal;

namespace WebStack.Topology.Tests.Support;

internal static class Repo
{
    /// <summary>The nearest directory above the tests with Infra.sln, or with a Pulumi.yaml and the app's sources.</summary>
    public static string Root { get; } = Find();

    private static readonly Lazy<Task<string>> Published = new(() => AppBuild.PublishAsync(Root!, TextWriter.Null));

    /// <summary>The app published self-contained from this repository (the servers run it).</summary>
    public static Task<string> AppDirectoryAsync() => Published.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.sln"))
                || (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(directory.FullName, "app"))))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository (Infra.sln, or Pulumi.yaml and app/) above {AppContext.BaseDirectory}");
    }
}
