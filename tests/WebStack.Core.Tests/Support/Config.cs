// Builds a stack's configuration the way Pulumi hands it over and reads it, so tests speak in the user's keys.
using WebStack.Core.Settings;

namespace WebStack.Core.Tests.Support;

internal static class Config
{
    public const string Project = "webstack";

    /// <summary>"minSize" becomes "webstack:minSize"; a key with a namespace ("aws:region") stays as it is.</summary>
    public static string Key(string name) => name.Contains(':') ? name : $"{Project}:{name}";

    public static SettingsResult Read(params (string Name, string Value)[] values) => ReadStack("dev", values);

    public static SettingsResult ReadStack(string stack, params (string Name, string Value)[] values) =>
        ReadValues(stack, values.Select(value => (value.Name, ConfigValue.Plain(value.Value))).ToArray());

    public static SettingsResult ReadValues(string stack, params (string Name, ConfigValue Value)[] values) =>
        StackSettingsReader.Read(new StackConfig(Project, stack, values.ToDictionary(value => Key(value.Name), value => value.Value)));

    public static StackSettings Valid(params (string Name, string Value)[] values) => ValidStack("dev", values);

    public static StackSettings ValidStack(string stack, params (string Name, string Value)[] values) =>
        AssertValid(ReadStack(stack, values));

    public static StackSettings AssertValid(SettingsResult result)
    {
        Assert.True(result.IsValid, "expected valid settings, got:\n" + Describe(result.Errors));
        return result.Settings!;
    }

    /// <summary>The one error about <paramref name="key"/> that contains every fragment; fails listing all errors otherwise.</summary>
    public static SettingProblem AssertRefused(SettingsResult result, string key, params string[] fragments)
    {
        Assert.False(result.IsValid, $"expected an error about {key}, but the settings were accepted");
        Assert.Null(result.Settings);
        var matches = result.Errors.Where(error => error.Key == key && fragments.All(error.Message.Contains)).ToList();
        Assert.True(matches.Count == 1,
            $"expected one error about {key} containing [{string.Join(" | ", fragments)}], found {matches.Count} among:\n" + Describe(result.Errors));
        return matches[0];
    }

    public static string Describe(IEnumerable<SettingProblem> problems) =>
        string.Join("\n", problems.Select(problem => $"  [{problem.Key}] {problem.Message}"));

    public static EffectiveSetting Effective(SettingsResult result, string key) =>
        result.Effective.SingleOrDefault(setting => setting.Key == key)
        ?? throw new Xunit.Sdk.XunitException($"no effective value for {key}; have {string.Join(", ", result.Effective.Select(setting => setting.Key))}");
}
