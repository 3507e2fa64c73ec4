// What stops a stack, before anything is planned, because of the names it would give AWS. Names are fitted to each
// kind's rule, so no stack name Pulumi accepts makes a name too long; what remains is checked here: a stack name
// outside Pulumi's own rules (possible through mocks or automation, not the CLI), `pulumi:autonaming` (the fitting
// assumes Pulumi's default autonaming), and a project name that breaks some kind's rule (a load balancer can't start
// with "internal-", a security group with "sg-").
using System.Text.RegularExpressions;
using WebStack.Core.Settings;

namespace WebStack.Core.Naming;

public static partial class NameCheck
{
    /// <summary>The problems' key for the stack's name.</summary>
    public const string StackKey = "stack";

    /// <summary>Pulumi's project-level setting that changes how resources are autonamed.</summary>
    public const string AutonamingKey = "pulumi:autonaming";

    public static string StackNameRule =>
        $"1 to {ResourceNames.MaxStackNameLength} letters, digits, '-', '_' or '.' (Pulumi's rule for stack names)";

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex StackNameCharacters();

    /// <summary>Why Pulumi wouldn't accept <paramref name="stack"/> as a stack name, or null.</summary>
    public static string? StackNameProblem(string stack)
    {
        if (stack.Length > ResourceNames.MaxStackNameLength)
        {
            return $"the stack name \"{stack}\" has {stack.Length} characters; the longest allowed has {ResourceNames.MaxStackNameLength} "
                + $"(Pulumi's limit; every name the stack gives AWS fits its limits for any stack name up to that length)";
        }

        return stack.Length == 0 || !StackNameCharacters().IsMatch(stack)
            ? $"\"{stack}\" is not a stack name: use {StackNameRule}"
            : null;
    }

    public static IReadOnlyList<SettingProblem> Problems(StackConfig config)
    {
        var problems = new List<SettingProblem>();
        if (StackNameProblem(config.Stack) is { } stackProblem)
        {
            problems.Add(new SettingProblem(StackKey, stackProblem));
        }

        if (config.Values.ContainsKey(AutonamingKey))
        {
            problems.Add(new SettingProblem(AutonamingKey, $"{AutonamingKey} is set, but this stack fits its names to AWS's limits "
                + "assuming Pulumi's default autonaming (the name, '-' and 7 random characters); remove it"));
        }

        var names = new ResourceNames(config.Project, config.Stack);
        foreach (var rule in NameRules.All.Where(rule => rule.ComesFromStackName && rule.Assignment != NameAssignment.None))
        {
            var sample = names.Name(rule, "x");
            var whole = sample.Logical + rule.SampleSuffix;
            var refusals = rule.Problems(whole).Concat(NameRules.NameTag.Problems(sample.Tag)).Distinct().ToList();
            if (refusals.Count > 0)
            {
                problems.Add(new SettingProblem(StackKey, $"the project \"{config.Project}\" and the stack \"{config.Stack}\" give "
                    + $"{rule.Kind}s such as \"{whole}\", which AWS refuses: it {string.Join("; it ", refusals)}"));
            }
        }

        return problems;
    }
}
