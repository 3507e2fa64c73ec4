// The app as the servers run it: published self-contained, so it needs no .NET on the machine that runs it.
using System.Runtime.InteropServices;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public static class AppBuild
{
    public static string ProjectPath(string projectDirectory) => Path.Combine(projectDirectory, "app", "WebStack.App", "WebStack.App.csproj");

    public static string PublishDirectory(string projectDirectory) => Path.Combine(projectDirectory, "artifacts", "app", RuntimeInformation.RuntimeIdentifier);

    /// <summary>Publishes the app for this machine's platform (incremental: fast when nothing changed) and returns the directory.</summary>
    public static async Task<string> PublishAsync(string projectDirectory, TextWriter progress)
    {
        var output = PublishDirectory(projectDirectory);
        progress.WriteLine($"publishing the app (self-contained, {RuntimeInformation.RuntimeIdentifier}) to {Path.GetRelativePath(projectDirectory, output)}...");
        await ProgramRunner.RunCheckedAsync(
            CommandSpec.Of("dotnet", "publish", ProjectPath(projectDirectory), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                "--self-contained", "-o", output, "--nologo", "-v", "quiet"),
            "publishing the app", timeout: TimeSpan.FromMinutes(10));
        if (!File.Exists(Path.Combine(output, AppPackage.ExecutableName)))
        {
            throw new UserFacingException($"dotnet publish produced no {AppPackage.ExecutableName} in {output}");
        }

        return output;
    }
}
