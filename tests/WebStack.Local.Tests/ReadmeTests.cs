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

/// <summary>
/// The README's "What your app gets": every variable of the app contract in the code is in its table, as the code has
/// it, and the table lists nothing the code doesn't give; the app settings' table names every property there is.
/// </summary>
public sealed class ReadmeAppContractTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "README.md"));

    private static IReadOnlyList<string> TableAfter(string header) =>
        Lines.SkipWhile(line => line != header).Skip(2).TakeWhile(line => line.StartsWith('|')).ToList();

    [Fact]
    public void The_contract_table_is_the_contract_in_the_code()
    {
        var rows = TableAfter("| variable | example | what it is |");

        Assert.Equal(
            WebStack.Core.Apps.AppContract.Variables.Select(variable => $"| `{variable.Name}` | `{variable.Example}` | {variable.Meaning} |"),
            rows);
    }

    [Fact]
    public void The_app_settings_table_names_every_property_an_app_has()
    {
        var rows = TableAfter("| property | meaning | default |");

        Assert.Equal(
            WebStack.Core.Apps.AppSettingsReader.Properties,
            rows.Select(row => row.Split('|')[1].Trim().Trim('`')));
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

/// <summary>The README's Security controls table is the controls as the code evaluates them for dev and prod defaults.</summary>
public sealed class ReadmeSecurityControlsTests
{
    [Fact]
    public void The_controls_table_is_the_controls_in_the_code()
    {
        var lines = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "README.md"));
        var rows = lines.SkipWhile(line => line != WebStack.Core.Security.ControlsTable.Header).Skip(2).TakeWhile(line => line.StartsWith('|')).ToList();
        WebStack.Core.Settings.StackSettings Defaults(string stack) =>
            StackSettingsReader.Read(StackConfig.FromPlain("webstack", stack, new Dictionary<string, string>())).RequireValid();

        Assert.Equal(WebStack.Core.Security.ControlsTable.Rows(Defaults("dev"), Defaults("prod")), rows);
    }
}
