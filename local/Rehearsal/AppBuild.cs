// The app as the servers run it: published self-contained, so it needs no .NET on the machine that runs it.
using System.Runtime.InteropServices;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public static class AppBuild
{
    public static string ProjectPath(string projectDirectory) => Path.Combine(projectDirectory, AppPublish.ProjectPath);

    public static string PublishDirectory(string projectDirectory) => Path.Combine(projectDirectory, "artifacts", "app", RuntimeInformation.RuntimeIdentifier);

    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where the app's sources are: the project's, or else those of the checkout this command was built from (a
    /// project directory with only Pulumi files, as in a scratch directory, still rehearses the real app).
    /// </summary>
    public static string SourceDirectory(string projectDirectory)
    {
        if (File.Exists(ProjectPath(projectDirectory)))
        {
            return projectDirectory;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(ProjectPath(directory.FullName)))
            {
                return directory.FullName;
            }
        }

        throw new UserFacingException($"no app to run: {Path.GetRelativePath(projectDirectory, ProjectPath(projectDirectory))} is not in {projectDirectory}");
    }

    /// <summary>Publishes the app for this machine's platform (incremental: fast when nothing changed) and returns the directory.</summary>
    public static async Task<string> PublishAsync(string projectDirectory, TextWriter progress)
    {
        var output = PublishDirectory(projectDirectory);
        await using var exclusive = await LockAsync(output, progress);
        progress.WriteLine($"publishing the app (self-contained, {RuntimeInformation.RuntimeIdentifier}) to {Path.GetRelativePath(projectDirectory, output)}...");
        await ProgramRunner.RunCheckedAsync(
            new CommandSpec("dotnet", AppPublish.Arguments(ProjectPath(projectDirectory), RuntimeInformation.RuntimeIdentifier, output)),
            "publishing the app", timeout: PublishLimit);
        if (!File.Exists(Path.Combine(output, AppPackage.ExecutableName)))
        {
            throw new UserFacingException($"dotnet publish produced no {AppPackage.ExecutableName} in {output}");
        }

        return output;
    }

    /// <summary>
    /// One publish at a time per checkout: two at once (a rehearsal starting while another command publishes) would
    /// write the same intermediate and output files. The lock is the operating system's, so it goes with its holder.
    /// </summary>
    private static async Task<FileStream> LockAsync(string output, TextWriter progress)
    {
        var path = Path.Combine(Path.GetDirectoryName(output)!, ".publish.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var told = false;
        return (await Eventually.ValueAsync(
            () =>
            {
                try
                {
                    return Task.FromResult<FileStream?>(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    if (!told)
                    {
                        progress.WriteLine("waiting for another publish of the app in this checkout to finish...");
                        told = true;
                    }

                    return Task.FromResult<FileStream?>(null);
                }
            },
            stream => stream is not null,
            PublishLimit, $"another publish of the app to finish (it holds {path})", _ => "still publishing",
            TimeSpan.FromMilliseconds(200)))!;
    }

    /// <summary>
    /// A release for a rehearsal: the publish output copied into the run's directory, as a server keeps each release
    /// under /opt. A copy, not links: publishing again (a deploy) rewrites files in place, which must not change a
    /// release that is running. nginx's workers read its static files from a path every user may traverse.
    /// </summary>
    /// <param name="name">The release's name; by default the hash of the published files.</param>
    public static async Task<AppRelease> StageAsync(string publishDirectory, RunDirectory run, string? name = null)
    {
        name ??= AppRelease.ContentName(publishDirectory);
        var releases = run.Sub("releases");
        var release = Path.Combine(releases, name);
        if (Directory.Exists(release))
        {
            throw new UserFacingException($"release {name} is already staged in {releases}");
        }

        await ProgramRunner.RunCheckedAsync(CommandSpec.Of("cp", "-a", "--reflink=auto", publishDirectory + "/.", release + "/"),
            "copying the app into the run's directory", timeout: TimeSpan.FromMinutes(5));
        File.SetUnixFileMode(release, (UnixFileMode)0b111_101_101);
        return new AppRelease(name, release);
    }
}
