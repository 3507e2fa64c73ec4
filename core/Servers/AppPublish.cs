// How the app is published for the servers, the one command line every publish uses (the Pulumi program's package
// and the rehearsals): Release, self-contained, so servers need no .NET. The Release settings in
// Directory.Build.props and the app's project make its output reproducible: the same commit gives byte-identical
// files, and so the same package hash, whatever the checkout's path, the user or the machine.
namespace WebStack.Core.Servers;

public static class AppPublish
{
    /// <summary>The app's project, relative to the repository's root.</summary>
    public const string ProjectPath = "app/WebStack.App/WebStack.App.csproj";

    /// <summary>The arguments of `dotnet` that publish <paramref name="project"/> for <paramref name="runtime"/> into <paramref name="output"/>.</summary>
    public static IReadOnlyList<string> Arguments(string project, string runtime, string output) =>
        ["publish", project, "-c", "Release", "-r", runtime, "--self-contained", "-o", output, "--nologo", "-v", "quiet"];
}
