// Builds an app into the folder its servers run it from, the one way the rehearsals and the Pulumi program do it: a
// .NET project published self-contained for linux-x64 with the properties that make the output reproducible (the
// same commit gives the same files from any checkout, so a deploy with nothing changed changes nothing); a package
// folder used as it is, an archive unpacked; a jar staged with its static folder. The start command is then resolved
// against what was built, so a command that names no file of it stops here, before anything starts.
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace WebStack.Core.Apps;

/// <param name="Directory">The app as it runs: the working directory of its processes.</param>
/// <param name="Archive">A .tar.gz the package was given as, which the servers get as it is; null when the package is
/// to be packed from <paramref name="Directory"/>.</param>
public sealed record BuiltApp(AppSettings App, string Directory, AppCommand Start, string? Archive = null);

public static class AppBuilder
{
    public const string ServerRuntime = "linux-x64";

    public static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(15);

    /// <summary>The arguments of `dotnet` that publish <paramref name="project"/> for <paramref name="runtime"/> into <paramref name="output"/>.</summary>
    /// <param name="sourceRoot">The checkout the project is in: compiled-in source paths become /_/..., whoever builds where.</param>
    public static IReadOnlyList<string> PublishArguments(string project, string runtime, string output, string? sourceRoot)
    {
        List<string> arguments =
        [
            "publish", project, "-c", "Release", "-r", runtime, "--self-contained", "-o", output,
            "-p:ContinuousIntegrationBuild=true", "-p:Deterministic=true", "-p:DebugType=none", "-p:DebugSymbols=false",
            // The SDK writes the commit's hash into the informational version; a commit that only changes the docs would
            // then be a new package, and roll the fleet.
            "-p:IncludeSourceRevisionInInformationalVersion=false",
        ];
        // PathMap is a comma-separated list of from=to; a root that holds either can't be mapped.
        if (sourceRoot is not null && sourceRoot.IndexOfAny([',', '=', ';']) < 0)
        {
            arguments.Add($"-p:PathMap={sourceRoot.TrimEnd('/')}/=/_/");
        }

        arguments.AddRange(["--nologo", "-v", "quiet"]);
        return arguments;
    }

    /// <summary>
    /// Where an app is built under the stack's project directory: artifacts/apps/&lt;the source's file name&gt;-&lt;a hash
    /// of its full path&gt;, one folder per app whatever its name, shared by the rehearsals and the Pulumi program.
    /// </summary>
    public static string OutputDirectory(string projectDirectory, AppSettings app)
    {
        var source = AppSourceCheck.Resolve(projectDirectory, app.Source.Path);
        var mark = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..8];
        var name = new string(Path.GetFileNameWithoutExtension(source).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());
        return Path.Combine(projectDirectory, "artifacts", "apps", $"{name}-{mark}");
    }

    /// <summary>The checkout a file is in: the nearest folder above it with a .git, else the file's own folder.</summary>
    public static string SourceRoot(string file)
    {
        var start = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(file))!);
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if (System.IO.Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return directory.FullName;
            }
        }

        return start.FullName;
    }

    /// <summary>Builds <paramref name="app"/> into <paramref name="output"/> (emptied first) and resolves its start command.</summary>
    /// <param name="where">The setting that names the app, for messages: app, or sites[0].app.</param>
    public static async Task<BuiltApp> BuildAsync(AppSettings app, string where, string projectDirectory, string output, string runtime, int processesOnServer,
        TextWriter progress, CancellationToken cancellation = default)
    {
        var source = AppSourceCheck.Resolve(projectDirectory, app.Source.Path);
        string directory;
        string? archive = null;
        switch (app.Source)
        {
            case DotnetProjectSource:
                directory = await PublishAsync(source, output, runtime, progress, cancellation);
                break;
            case PackageSource { IsArchive: true }:
                progress.WriteLine($"unpacking the package {app.Source.Path} into {output}...");
                Empty(output);
                await using (var file = File.OpenRead(source))
                await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                {
                    await TarFile.ExtractToDirectoryAsync(gzip, output, overwriteFiles: true, cancellation);
                }

                directory = output;
                archive = source;
                break;
            case PackageSource:
                directory = source;
                break;
            case JarSource jar:
                directory = StageJar(jar, app, projectDirectory, output);
                break;
            default:
                throw new ArgumentException($"no way to build {app.Source}", nameof(app));
        }

        var start = StartCommand.Resolve(app, PackageContents.OfDirectory(directory), processesOnServer, where);
        return new BuiltApp(app, directory, start, archive);
    }

    private static async Task<string> PublishAsync(string project, string output, string runtime, TextWriter progress, CancellationToken cancellation)
    {
        // Files an earlier publish left would end up in the package and change its hash.
        Empty(output);
        progress.WriteLine($"publishing {Path.GetFileName(project)} (self-contained, {runtime}) to {output}...");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(project)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in PublishArguments(project, runtime, output, SourceRoot(project)))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new AppBuildException($"could not start dotnet to publish {project}");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellation);
        var standardError = process.StandardError.ReadToEndAsync(cancellation);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(PublishLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw cancellation.IsCancellationRequested
                ? new OperationCanceledException(cancellation)
                : new AppBuildException($"dotnet publish {project} took longer than {PublishLimit.TotalMinutes} minutes");
        }

        if (process.ExitCode != 0)
        {
            var log = ((await standardOutput) + (await standardError)).Trim();
            throw new AppBuildException($"dotnet publish {project} failed (exit {process.ExitCode}):\n{string.Join('\n', log.Split('\n').TakeLast(40))}");
        }

        return output;
    }

    // A jar's package: the jar, and its static folder (from the project directory) under the same relative name.
    private static string StageJar(JarSource jar, AppSettings app, string projectDirectory, string output)
    {
        Empty(output);
        File.Copy(AppSourceCheck.Resolve(projectDirectory, jar.Jar), Path.Combine(output, jar.FileName));
        if (app.StaticDirectory is { } folder)
        {
            CopyDirectory(AppSourceCheck.Resolve(projectDirectory, folder), Path.Combine(output, folder));
        }

        return output;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Empty(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
    }
}

public sealed class AppBuildException(string message) : Exception(message);
