// A throw-away Pulumi project directory for a test: the repository's Pulumi.yaml, its sample app where a stack expects
// it (app/, a link to the repository's), plus the stack files the test writes.
namespace WebStack.Local.Tests;

public sealed class TestProject : IDisposable
{
    public TestProject()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("webstack-test-").FullName;
        File.Copy(Path.Combine(RepositoryRoot, "Pulumi.yaml"), Path.Combine(Directory, "Pulumi.yaml"));
        System.IO.Directory.CreateSymbolicLink(Path.Combine(Directory, "app"), Path.Combine(RepositoryRoot, "app"));
    }

    public string Directory { get; }

    /// <summary>The repository this test runs from: the directory with Infra.sln above the test's output.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public TestProject WithStack(string stack, string yaml)
    {
        File.WriteAllText(Path.Combine(Directory, $"Pulumi.{stack}.yaml"), yaml);
        return this;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")) && System.IO.Directory.Exists(Path.Combine(directory.FullName, "app")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository (Pulumi.yaml + app/) above {AppContext.BaseDirectory}");
    }

    /// <summary>Removes the directory; the link to the sample goes first, so nothing of the repository's can go with it.</summary>
    public void Dispose()
    {
        File.Delete(Path.Combine(Directory, "app"));
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
