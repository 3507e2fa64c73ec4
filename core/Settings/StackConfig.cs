// A stack's configuration as Pulumi sees it: the project and stack names and the flat "<namespace>:<key>" values.
namespace WebStack.Core.Settings;

public sealed record StackConfig(string Project, string Stack, IReadOnlyDictionary<string, ConfigValue> Values)
{
    public static StackConfig FromPlain(string project, string stack, IEnumerable<KeyValuePair<string, string>> values) =>
        new(project, stack, values.ToDictionary(pair => pair.Key, pair => ConfigValue.Plain(pair.Value)));

    /// <summary>The full key of one of the project's own settings, e.g. "webstack:azCount".</summary>
    public string KeyOf(string name) => $"{Project}:{name}";
}
