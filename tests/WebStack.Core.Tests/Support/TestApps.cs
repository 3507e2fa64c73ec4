// Apps and launches for tests: sites running the sample (the stack's default app), a release's launch, and a site's
// folder with an executable where the rendered units expect one.
using WebStack.Core.Apps;
using WebStack.Core.Servers;

namespace WebStack.Core.Tests.Support;

internal static class TestApps
{
    public static AppSettings Sample => AppSettings.Sample;

    public const string Release = "0123456789ab";

    /// <summary>How the sample starts in a package: its app host.</summary>
    public static AppLaunch SampleLaunch { get; } = new(Release, AppCommand.Of("./WebStack.App"));

    public static AppSite Site(string name, string? serverName, params int[] ports) => new(name, serverName, ports, Sample);

    /// <summary>Each site's package for user data tests: its own key, the sample's start command.</summary>
    public static IReadOnlyDictionary<string, SitePackage> Packages(ServerPlan plan, string sha256, Func<AppSite, string?>? secretsArn = null) =>
        plan.Sites.ToDictionary(site => site.Name, site => new SitePackage(AppPackage.ObjectKeyOf(AppSite.DefaultName, sha256), sha256, SampleLaunch.Start, secretsArn?.Invoke(site)));

    /// <summary>Makes <paramref name="site"/>'s current release in <paramref name="layout"/> hold an executable at its start command.</summary>
    public static string InstallExecutable(ServerLayout layout, AppSite site, AppLaunch launch)
    {
        var program = layout.ProgramPath(site, launch.Start);
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.WriteAllText(program, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return program;
    }
}
