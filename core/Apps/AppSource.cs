// Where an app comes from: a .NET project the stack publishes (self-contained, linux-x64, reproducibly), a package
// built elsewhere (a folder or a .tar.gz, e.g. by CI), or a Java jar run with `java -jar` on Amazon Corretto.
// Paths are as the user wrote them: relative to the stack's project directory (where Pulumi.yaml is), or absolute.
namespace WebStack.Core.Apps;

public abstract record AppSource
{
    /// <summary>The file or folder the source names.</summary>
    public abstract string Path { get; }

    /// <summary>The setting that names it: project, package or jar.</summary>
    public abstract string Property { get; }

    /// <summary>A few words for the plan: "the .NET project app/WebStack.App/WebStack.App.csproj".</summary>
    public abstract string Describe();
}

/// <param name="Project">A .csproj: published with `dotnet publish -c Release -r linux-x64 --self-contained`.</param>
public sealed record DotnetProjectSource(string Project) : AppSource
{
    public override string Path => Project;

    public override string Property => AppSettingsReader.ProjectProperty;

    public override string Describe() => $"the .NET project {Project} (published self-contained for linux-x64)";
}

/// <param name="Package">A folder, or a .tar.gz of one, holding the app as it runs: its command names a file in it.</param>
public sealed record PackageSource(string Package) : AppSource
{
    public override string Path => Package;

    public override string Property => AppSettingsReader.PackageProperty;

    public bool IsArchive => IsArchiveName(Package);

    public static bool IsArchiveName(string path) =>
        path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    public override string Describe() => IsArchive ? $"the package {Package} (an archive built elsewhere)" : $"the package folder {Package} (built elsewhere)";
}

/// <param name="Jar">An executable jar (Main-Class in its manifest), run with `java -jar`.</param>
/// <param name="JavaVersion">The Amazon Corretto major version the servers install from the Amazon Linux 2023 repositories.</param>
public sealed record JarSource(string Jar, int JavaVersion) : AppSource
{
    public override string Path => Jar;

    public override string Property => AppSettingsReader.JarProperty;

    /// <summary>The jar's name in the package, beside the static folder.</summary>
    public string FileName => System.IO.Path.GetFileName(Jar);

    public override string Describe() => $"the jar {Jar} (java -jar on Amazon Corretto {JavaVersion})";
}
