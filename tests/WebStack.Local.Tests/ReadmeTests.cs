// The README's configuration table is the users' reference: it must list every setting with its real defaults; its
// names table must show each kind's limits as the code applies them.
using WebStack.Core.Naming;
using WebStack.Core.Settings;

namespace WebStack.Local.Tests;

public sealed class ReadmeTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "README.md"));

    private static readonly string[] Rows = Lines.Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToArray();

    // Every kind AWS sees a name of (one row stands for the kinds known only by their Name tag).
    public static TheoryData<string> NamedKinds => new(NameRules.All
        .Where(rule => rule.IsPhysical || rule == NameRules.NameTag)
        .Select(rule => rule.Kind));

    public static TheoryData<string> Keys => new(SettingKeys.All.Select(key => key.Name));

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_configuration_table_lists_the_setting_with_its_dev_and_prod_defaults(string name)
    {
        var key = SettingKeys.All.Single(setting => setting.Name == name);
        var fullName = name.Contains(':') ? name : $"webstack:{name}";

        var row = Assert.Single(Rows, line => line.StartsWith($"| `{fullName}` |", StringComparison.Ordinal));

        Assert.Equal($"| `{fullName}` | {key.DefaultFor(Profile.Dev)} | {key.DefaultFor(Profile.Prod)} | {key.Meaning} |", row);
    }

    [Theory]
    [MemberData(nameof(NamedKinds))]
    public void The_names_table_shows_the_kinds_limit_naming_and_room_as_the_code_applies_them(string kind)
    {
        var rule = NameRules.All.Single(candidate => candidate.Kind == kind);

        var row = Assert.Single(Lines, line => line.StartsWith($"| {kind} |", StringComparison.Ordinal));

        Assert.Equal(rule.ReadmeRow, row);
    }
}

/// <summary>The README's cost table: dev and prod in us-east-1 and ap-northeast-2, as `webstack plan` prints them.</summary>
public sealed class ReadmeCostTableTests
{
    private static readonly string[] Rows = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "README.md"))
        .Where(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\| (dev|prod) \| [a-z]+-[a-z]+-\d \|")).ToArray();

    [Theory]
    [InlineData("dev", "us-east-1")]
    [InlineData("prod", "us-east-1")]
    [InlineData("dev", "ap-northeast-2")]
    [InlineData("prod", "ap-northeast-2")]
    public void The_cost_table_row_is_what_plan_prints(string stack, string region)
    {
        using var project = new TestProject().WithStack(stack, File.ReadAllText(Path.Combine(TestProject.RepositoryRoot, $"Pulumi.{stack}.yaml"))
            .Replace("aws:region: us-east-1", $"aws:region: {region}", StringComparison.Ordinal));
        var (code, plan, _) = PlanCommandTests.Plan(project.Directory, stack);
        Assert.Equal(0, code);

        var total = System.Text.RegularExpressions.Regex.Match(plan, @"\n  total\s+(?<start>\$[\d,.]+)\s+(?<max>\$[\d,.]+)\n");
        var sizes = System.Text.RegularExpressions.Regex.Match(plan, @"start \((?<start>\d+ servers?)\)\s+max \((?<max>\d+ servers?)\)");
        var budget = System.Text.RegularExpressions.Regex.Match(plan, @"Budget: AWS Budgets monthly cost budget of (?<limit>\$\d+)");
        Assert.True(total.Success && sizes.Success && budget.Success, plan);
        var unpriced = plan.Contains("not priced", StringComparison.Ordinal) ? "some items unpriced" : "none";

        var row = Assert.Single(Rows, line => line.StartsWith($"| {stack} | {region} |", StringComparison.Ordinal));
        Assert.Equal(
            $"| {stack} | {region} | {total.Groups["start"].Value} ({sizes.Groups["start"].Value}) | {total.Groups["max"].Value} ({sizes.Groups["max"].Value}) | {budget.Groups["limit"].Value} | {unpriced} |",
            row);
    }
}
