// The repository the tests run from: its Pulumi.yaml and its sample app, built once (as `webstack up` builds a stack's
// app) for every test that needs it.
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Local.Commands;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal static class Repo
{
    /// <summary>The nearest directory above the tests with Infra.sln, or with a Pulumi.yaml and the app's sources.</summary>
    public static string Root { get; } = Find();

    private static readonly Lazy<Task<BuiltApp>> Sample = new(async () =>
        (await AppBuild.BuildAsync(PlanCommand.Load(StackFiles.Find(Root!), "dev"), Root!, TextWriter.Null)).For("default"));

    /// <summary>The sample app published self-contained from this repository (the servers run it), and how it starts.</summary>
    public static Task<BuiltApp> SampleAsync() => Sample.Value;

    /// <summary>Every site of <paramref name="plan"/> running the sample.</summary>
    public static async Task<StackBuild> BuildAsync(StackPlan plan)
    {
        var sample = await SampleAsync();
        return new StackBuild(plan.Server.Sites.ToDictionary(site => site.Name, _ => sample));
    }

    /// <summary>The sample staged into <paramref name="topology"/> as a new release named <paramref name="name"/>, for every site.</summary>
    public static async Task<ServerRelease> StageAsync(TopologyRehearsal topology, string name) =>
        await AppBuild.StageAsync(await BuildAsync(topology.Plan), topology.Run, _ => name);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.sln"))
                || (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(directory.FullName, "app"))))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository (Infra.sln, or Pulumi.yaml and app/) above {AppContext.BaseDirectory}");
    }
}
