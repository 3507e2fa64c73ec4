// The tags of a resource, as the core decides them (standard tags plus the user's), in the shape Pulumi takes. The
// Name tag is the resource's whole name, also where its name in AWS had to be cut to fit (see ResourceNames).
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Naming;

namespace WebStack.Infra;

internal static class Tagging
{
    /// <summary>S3 keeps at most 10 tags on an object (50 on everything else this stack makes).</summary>
    public const int MaxS3ObjectTags = 10;

    public static InputMap<string> For(StackPlan plan, PlannedName name) => Of(plan, name);

    public static ImmutableDictionary<string, string> Of(StackPlan plan, PlannedName name) =>
        plan.TagsFor(name).ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>An S3 object's tags: all of them when they fit, otherwise the standard ones only.</summary>
    public static InputMap<string> ForS3Object(StackPlan plan, PlannedName name)
    {
        var tags = Of(plan, name);
        return tags.Count <= MaxS3ObjectTags
            ? tags
            : tags.Where(tag => StandardTags.Names.Contains(tag.Key)).ToImmutableDictionary(StringComparer.Ordinal);
    }
}
