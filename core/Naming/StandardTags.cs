// The tags on every resource: who owns it (project, stack, environment, tool) plus the user's own.
using WebStack.Core.Settings;

namespace WebStack.Core.Naming;

public static class StandardTags
{
    public const string Name = "Name";
    public const string Project = "Project";
    public const string Stack = "Stack";
    public const string Environment = "Environment";
    public const string ManagedBy = "ManagedBy";

    public static IReadOnlyList<string> Names { get; } = [Name, Project, Stack, Environment, ManagedBy];

    /// <summary>The user's tags merged with the standard ones (which the settings reader keeps the user from overriding).</summary>
    public static IReadOnlyDictionary<string, string> For(StackSettings settings, string resourceName)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Tags)
        {
            tags[key] = value;
        }

        tags[Name] = resourceName;
        tags[Project] = settings.Project;
        tags[Stack] = settings.Stack;
        tags[Environment] = settings.Profile.ToConfigText();
        tags[ManagedBy] = "pulumi";
        return tags;
    }
}
