// The stack's app packages for the servers, built the one way the rehearsals build them (the core's AppBuilder): each
// app with a package of its own (the default site's, and each site that names an app) built from its settings for
// linux-x64 and packed into a tar.gz whose bytes depend only on its files; an archive given as the package goes as
// it is. Checked before anything is built, every problem at once, and before any resource is planned.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Core.Naming;
using WebStack.Core.Servers;

namespace WebStack.Infra;

/// <param name="Owner">The site whose app it is: the default site, or the site that names its own app.</param>
internal sealed record SiteApp(string Owner, AppPackage Package, AppCommand Start)
{
    public string ObjectKey => Package.ObjectKeyFor(Owner);
}

/// <summary>Each site's app package and start command.</summary>
internal sealed record StackPackages(IReadOnlyDictionary<string, SiteApp> Sites)
{
    /// <summary>One entry per package owner, in the plan's order.</summary>
    public IReadOnlyList<SiteApp> Owned => Sites.Values.DistinctBy(app => app.Owner).ToList();
}

internal static class AppPackages
{
    public static StackPackages Prepare(StackPlan plan)
    {
        var projectDirectory = ProjectDirectory(Directory.GetCurrentDirectory());
        var settings = plan.Settings;
        var problems = AppSourceCheck.Problems(settings, projectDirectory);
        if (problems.Count > 0)
        {
            throw new RunException($"the stack's apps can't run as configured; nothing was planned:{string.Concat(problems.Select(problem => $"\n  - {problem}"))}");
        }

        var processes = AppSourceCheck.ProcessesOnServer(plan.Server.Sites);
        var owners = StackNames.PackageOwners(settings);
        var wheres = AppSourceCheck.AppsOf(settings);
        var owned = new Dictionary<string, SiteApp>(StringComparer.Ordinal);
        foreach (var (owner, (where, app)) in owners.Zip(wheres))
        {
            owned[owner] = Build(owner, app, where, projectDirectory, processes);
        }

        return new StackPackages(plan.Server.Sites.ToDictionary(site => site.Name, site => owned[StackNames.PackageOwnerOf(settings, site.Name)]));
    }

    private static SiteApp Build(string owner, AppSettings app, string where, string projectDirectory, int processes)
    {
        var output = AppBuilder.OutputDirectory(projectDirectory, app);
        try
        {
            // A Pulumi program builds its resources in its constructor: the build runs to its end here.
            var built = AppBuilder.BuildAsync(app, where, projectDirectory, output, AppBuilder.ServerRuntime, processes, Console.Error).GetAwaiter().GetResult();
            var package = built.Archive is { } archive ? AppPackage.FromFile(archive) : AppPackage.Create(built.Directory, output + ".tar.gz");
            return new SiteApp(owner, package, built.Start);
        }
        catch (Exception exception) when (exception is AppBuildException or AppPackageException)
        {
            throw new RunException(exception.Message);
        }
    }

    /// <summary>The Pulumi project's directory (where Pulumi.yaml is), from which the apps' paths are taken.</summary>
    private static string ProjectDirectory(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new RunException($"no Pulumi.yaml in {start} or above it; run pulumi in the project");
    }
}
