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
