// Stack names that cleaning changes ("prod_eu", "Prod") now give names with a mark (ResourceNames.Base), so two such
// stacks can't share names; earlier versions of the program named them without it. Each resource of such a stack is
// aliased to the logical name it had before, so upgrading renames, rather than replaces, everything it already built
// (autonamed resources keep their names in AWS: the provider keeps a name it generated once).
using Pulumi;
using WebStack.Core.Naming;

namespace WebStack.Infra;

internal static class PreviousNames
{
    /// <summary>A stack-wide transformation adding the alias wherever a resource's name changed.</summary>
    public static ResourceTransformation Aliases(StackNames names) => args =>
        AddAlias(args.Options, names.PreviousOf(args.Resource.GetResourceName()))
            ? new ResourceTransformationResult(args.Args, args.Options)
            : null;

    /// <summary>Adds an alias to <paramref name="previous"/> (when there is one); every resource here has options of its own.</summary>
    public static bool AddAlias(ResourceOptions options, string? previous)
    {
        if (previous is null)
        {
            return false;
        }

        options.Aliases.Add(new Alias { Name = previous });
        return true;
    }
}
