// Every name a stack gets, for many random stack names: each passes its kind's rule once AWS's or Pulumi's suffix is
// added, its Name tag passes the tag rule, and no two stack names give the same name to the same resource. Stack names
// use every character Pulumi allows, at every length it allows. Each failure names the seed, so `new Random(seed)`
// reproduces it.
using WebStack.Core.Naming;
using WebStack.Core.Settings;

namespace WebStack.Core.Tests.Naming;

public class NamePropertyTests
{
    private const string StackCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    private const int StacksPerSeed = 200;

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 8).Select(i => i * 7919));

    // Settings that make the program build everything it can: every kind of resource, the most zones.
    private static readonly IReadOnlyList<(string Name, Dictionary<string, string> Values)> Variants =
    [
        ("everything with NAT", new()
        {
            ["webstack:azCount"] = "6",
            ["webstack:natStrategy"] = "perAz",
            ["webstack:flowLogs"] = "true",
            ["webstack:dbFinalSnapshot"] = "true",
            ["webstack:certificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c",
        }),
        ("VPC endpoints", new() { ["webstack:natStrategy"] = "none", ["webstack:dbFinalSnapshot"] = "true" }),
    ];

    /// <summary>Random stack names of 1 to 100 characters Pulumi allows, plus the extremes of each kind of character.</summary>
    private static IReadOnlyList<string> RandomStacks(int seed)
    {
        var random = new Random(seed);
        var stacks = new List<string>
        {
            new('a', ResourceNames.MaxStackNameLength), new('Z', ResourceNames.MaxStackNameLength),
            new('9', ResourceNames.MaxStackNameLength), new('-', ResourceNames.MaxStackNameLength),
            new('_', ResourceNames.MaxStackNameLength), new('.', ResourceNames.MaxStackNameLength),
            "review-feature-very-long-branch-name-2026-11",
        };
        for (var i = 0; i < StacksPerSeed; i++)
        {
            var length = random.Next(1, ResourceNames.MaxStackNameLength + 1);
            stacks.Add(new string(Enumerable.Range(0, length).Select(_ => StackCharacters[random.Next(StackCharacters.Length)]).ToArray()));
        }

        return stacks.Distinct(StringComparer.Ordinal).ToList();
    }

    private static StackPlan PlanFor(int seed, string stack, Dictionary<string, string> values)
    {
        var result = StackSettingsReader.Read(StackConfig.FromPlain("webstack", stack, values));
        Assert.True(result.IsValid, $"seed {seed}: the stack \"{stack}\" was refused: {string.Join("; ", result.Errors)}");
        return StackPlan.From(result.Settings!);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_name_passes_its_kinds_rule_for_every_stack_name_pulumi_allows(int seed)
    {
        var problems = new List<string>();
        foreach (var stack in RandomStacks(seed))
        {
            foreach (var (variant, values) in Variants)
            {
                foreach (var name in PlanFor(seed, stack, values).Names.All)
                {
                    var rule = name.Rule;
                    var physical = name.Logical + rule.SampleSuffix;
                    var refusals = rule.Assignment is NameAssignment.PulumiAutoname or NameAssignment.Program
                        ? rule.Problems(physical).Concat(NameRules.NameTag.Problems(name.Tag))
                        : NameRules.NameTag.Problems(name.Tag);
                    problems.AddRange(refusals.Select(refusal =>
                        $"seed {seed}, stack \"{stack}\" ({variant}): {rule.Kind} \"{physical}\" (tag \"{name.Tag}\") {refusal}"));
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_kind_in_the_table_gets_a_valid_name_for_every_stack_name_also_those_not_built_yet(int seed)
    {
        // The parameter group, topics, alarms, dashboards and budgets to come are named by the same fitting.
        var problems = new List<string>();
        foreach (var stack in RandomStacks(seed))
        {
            var names = new ResourceNames("webstack", stack);
            foreach (var rule in NameRules.All.Where(rule => rule.ComesFromStackName && rule.Assignment != NameAssignment.None))
            {
                foreach (var part in new[] { "x", "postgres17-parameters", "cpu-utilization-above-target-for-fifteen-minutes" })
                {
                    var name = names.Name(rule, part);
                    var physical = name.Logical + rule.SampleSuffix;
                    problems.AddRange(rule.Problems(physical).Concat(NameRules.NameTag.Problems(name.Tag))
                        .Select(refusal => $"seed {seed}, stack \"{stack}\": {rule.Kind} \"{physical}\" {refusal}"));
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Two_different_stack_names_never_give_a_resource_the_same_name(int seed)
    {
        var owners = new Dictionary<(string Part, string Logical), string>();
        var tagOwners = new Dictionary<(string Part, string Tag), string>();
        var clashes = new List<string>();
        foreach (var stack in RandomStacks(seed))
        {
            foreach (var name in PlanFor(seed, stack, Variants[0].Values).Names.All)
            {
                if (!owners.TryAdd((name.Part, name.Logical), stack) && owners[(name.Part, name.Logical)] != stack)
                {
                    clashes.Add($"seed {seed}: \"{owners[(name.Part, name.Logical)]}\" and \"{stack}\" both name {name.Part} \"{name.Logical}\"");
                }

                if (!tagOwners.TryAdd((name.Part, name.Tag), stack) && tagOwners[(name.Part, name.Tag)] != stack)
                {
                    clashes.Add($"seed {seed}: \"{tagOwners[(name.Part, name.Tag)]}\" and \"{stack}\" both tag {name.Part} \"{name.Tag}\"");
                }
            }
        }

        Assert.True(clashes.Count == 0, string.Join("\n", clashes.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_stacks_names_are_distinct_and_its_database_identifier_fits_63_characters(int seed)
    {
        foreach (var stack in RandomStacks(seed))
        {
            var names = PlanFor(seed, stack, Variants[0].Values).Names;

            var logical = names.All.Select(name => name.Logical).ToList();
            Assert.True(logical.Count == logical.Distinct().Count(), $"seed {seed}, stack \"{stack}\": two resources share a name");
            var identifier = names.Database.Logical + NameRules.DbInstance.SampleSuffix;
            Assert.True(identifier.Length <= 63, $"seed {seed}, stack \"{stack}\": the database identifier {identifier} has {identifier.Length} characters");
        }
    }
}
