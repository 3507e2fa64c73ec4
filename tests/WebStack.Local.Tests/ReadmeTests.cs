// The README's configuration table is the users' reference: it must list every setting with its real defaults.
using WebStack.Core.Settings;

namespace WebStack.Local.Tests;

public sealed class ReadmeTests
{
    private static readonly string[] Rows = File.ReadAllLines(Path.Combine(TestProject.RepositoryRoot, "README.md"))
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToArray();

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
}
