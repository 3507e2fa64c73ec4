// The stack's apps as the servers run them, built here the one way the Pulumi program builds them too (the core's
// AppBuilder): each distinct app of the stack from its settings (a .NET project published self-contained, a package,
// a jar), into artifacts/apps/ under the stack's project directory, then staged into a rehearsal's run directory.
using System.Runtime.InteropServices;
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

/// <summary>The stack's apps, built: one per distinct app, and which one each site runs.</summary>
public sealed record StackBuild(IReadOnlyDictionary<string, BuiltApp> Sites)
{
    public BuiltApp For(string site) => Sites[site];
}

public static class AppBuild
{
    /// <summary>The runtime the rehearsals publish for: this machine's (the servers' is linux-x64).</summary>
    public static string Runtime => RuntimeInformation.RuntimeIdentifier;

    /// <summary>
    /// Checks every app's source first (all problems at once, nothing built), then builds each distinct app once; a
    /// command that names nothing in what was built stops it here too.
    /// </summary>
    public static async Task<StackBuild> BuildAsync(StackPlan plan, string projectDirectory, TextWriter progress, CancellationToken cancellation = default)
    {
        var settings = plan.Settings;
        var problems = AppSourceCheck.Problems(settings, projectDirectory);
        if (problems.Count > 0)
        {
            throw new UserFacingException($"the stack's app{(AppSourceCheck.AppsOf(settings).Count == 1 ? "" : "s")} can't run as configured; nothing was started:"
                + string.Concat(problems.Select(problem => $"{Environment.NewLine}  - {problem}")));
        }

        var processes = AppSourceCheck.ProcessesOnServer(plan.Server.Sites);
        var built = new Dictionary<AppSettings, BuiltApp>();
        foreach (var (where, app) in AppSourceCheck.AppsOf(settings))
        {
            if (built.ContainsKey(app))
            {
                continue;
            }

            var output = AppBuilder.OutputDirectory(projectDirectory, app);
            await using var exclusive = await LockAsync(LockPath(projectDirectory, app, output), progress);
            try
            {
                built[app] = await AppBuilder.BuildAsync(app, where, projectDirectory, output, Runtime, processes, progress, cancellation);
            }
            catch (Exception exception) when (exception is AppBuildException or AppPackageException)
            {
                throw new UserFacingException(exception.Message);
            }
        }

        return new StackBuild(plan.Server.Sites.ToDictionary(site => site.Name, site => built[site.App]));
    }

    /// <summary>
    /// A project's builds share its obj/ folder, whatever their output; anything else is only copied into its output.
    /// </summary>
    private static string LockPath(string projectDirectory, AppSettings app, string output) => app.Source is DotnetProjectSource
        ? Path.Combine(Path.GetDirectoryName(AppSourceCheck.Resolve(projectDirectory, app.Source.Path))!, "obj", "webstack-publish.lock")
        : output + ".lock";

    /// <summary>
    /// One build at a time per project: two at once (a rehearsal starting while another command publishes) would write
    /// the same intermediate files. The lock is the operating system's, so it goes with its holder.
    /// </summary>
    private static async Task<FileStream> LockAsync(string path, TextWriter progress)
    {
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
                        progress.WriteLine($"waiting for another build of this app to finish ({path})...");
                        told = true;
                    }

                    return Task.FromResult<FileStream?>(null);
                }
            },
            stream => stream is not null,
            AppBuilder.PublishLimit, $"another build of the app to finish (it holds {path})", _ => "still building",
            TimeSpan.FromMilliseconds(200)))!;
    }

    /// <summary>
    /// Every site's release for a server, each distinct app staged once. <paramref name="suffix"/> tells a build
    /// deployed again apart from the one running (".2"), as a new package would be.
    /// </summary>
    public static async Task<ServerRelease> StageAsync(StackBuild build, RunDirectory run, Func<string, string>? rename = null)
    {
        var staged = new Dictionary<BuiltApp, AppRelease>();
        var sites = new Dictionary<string, AppRelease>();
        foreach (var (site, app) in build.Sites)
        {
            if (!staged.TryGetValue(app, out var release))
            {
                var name = AppRelease.ContentName(app.Directory);
                release = await StageAsync(app.Directory, app.Start, run, rename?.Invoke(name) ?? name);
                staged[app] = release;
            }

            sites[site] = release;
        }

        return new ServerRelease(sites);
    }

    /// <summary>
    /// A release for a rehearsal: the built files copied into the run's directory, as a server keeps each release
    /// under /opt. A copy, not links: building again (a deploy) rewrites files in place, which must not change a
    /// release that is running. nginx's workers read its static files from a path every user may traverse.
    /// </summary>
    /// <param name="name">The release's name; by default the hash of the files.</param>
    public static async Task<AppRelease> StageAsync(string directory, AppCommand start, RunDirectory run, string? name = null)
    {
        name ??= AppRelease.ContentName(directory);
        var releases = run.Sub("releases");
        var release = Path.Combine(releases, name);
        if (Directory.Exists(release))
        {
            throw new UserFacingException($"release {name} is already staged in {releases}");
        }

        await ProgramRunner.RunCheckedAsync(CommandSpec.Of("cp", "-a", "--reflink=auto", directory + "/.", release + "/"),
            "copying the app into the run's directory", timeout: TimeSpan.FromMinutes(5));
        File.SetUnixFileMode(release, (UnixFileMode)0b111_101_101);
        return new AppRelease(name, release, start);
    }
}
