// The app package the servers run: either one given in WEBSTACK_APP_PACKAGE (CI, tests), or the app published here
// (self-contained, linux-x64) and packed by the core, whose bytes depend only on the published files.
using System.Diagnostics;
using Pulumi;
using WebStack.Core.Servers;

namespace WebStack.Infra;

internal static class AppPublisher
{
    public const string PackageVariable = "WEBSTACK_APP_PACKAGE";

    private const string AppProject = AppPublish.ProjectPath;
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    public static AppPackage Prepare()
    {
        var given = Environment.GetEnvironmentVariable(PackageVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            var path = Path.GetFullPath(given);
            if (!File.Exists(path))
            {
                throw new RunException($"{PackageVariable} is {path}, which does not exist; unset it to publish the app, or point it at a package made by AppPackage.Create");
            }

            return AppPackage.FromFile(path);
        }

        var root = FindRepositoryRoot(Directory.GetCurrentDirectory());
        var artifacts = Path.Combine(root, "artifacts", "app");
        var publishDirectory = Path.Combine(artifacts, "publish");
        if (Directory.Exists(publishDirectory))
        {
            // Files left by an earlier publish would end up in the package and change its hash.
            Directory.Delete(publishDirectory, recursive: true);
        }

        Publish(root, publishDirectory);
        return AppPackage.Create(publishDirectory, Path.Combine(artifacts, "webstack-app.tar.gz"));
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, AppProject)))
            {
                return directory.FullName;
            }
        }

        throw new RunException($"no {AppProject} above {start}; run pulumi in the repository, or set {PackageVariable} to a built package");
    }

    private static void Publish(string root, string publishDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in AppPublish.Arguments(AppProject, "linux-x64", publishDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new RunException("could not start dotnet to publish the app");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new RunException($"dotnet publish {AppProject} took longer than {PublishTimeout.TotalMinutes} minutes");
        }

        if (process.ExitCode != 0)
        {
            var log = (output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult()).Trim();
            var tail = string.Join('\n', log.Split('\n').TakeLast(40));
            throw new RunException($"dotnet publish {AppProject} failed (exit {process.ExitCode}):\n{tail}");
        }
    }
}
