// The sample app built once per test run, the way `up` builds a stack's app (into the repository's artifacts/apps/),
// and handed to rehearsals of other stacks that run it.
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Local.Commands;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

internal static class SampleBuild
{
    private static readonly Lazy<Task<BuiltApp>> Built = new(async () =>
        (await AppBuild.BuildAsync(PlanCommand.Load(StackFiles.Find(TestProject.RepositoryRoot), "dev"), TestProject.RepositoryRoot, TextWriter.Null)).For("default"));

    /// <summary>The published sample: its folder and how it starts.</summary>
    public static Task<BuiltApp> AppAsync() => Built.Value;

    /// <summary>Every site of <paramref name="plan"/> running the sample.</summary>
    public static async Task<StackBuild> ForAsync(StackPlan plan)
    {
        var app = await AppAsync();
        return new StackBuild(plan.Server.Sites.ToDictionary(site => site.Name, _ => app));
    }
}
