// Stack plans made from a few settings, for the tests that only generate text (no files, no root).
using WebStack.Core;
using WebStack.Core.Settings;

namespace WebStack.Topology.Tests.Support;

internal static class Plans
{
    /// <summary>The plan of a stack with these settings (keys without the project's namespace, e.g. "minSize").</summary>
    public static StackPlan With(params (string Key, string Value)[] settings)
    {
        var config = StackConfig.FromPlain("webstack", "unit", settings.Select(setting => KeyValuePair.Create($"webstack:{setting.Key}", setting.Value)));
        var result = StackSettingsReader.Read(config);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(error => error.Message)));
        return StackPlan.From(result.Settings!);
    }
}
