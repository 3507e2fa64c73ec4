// The stack's settings, read the way the core expects them: the whole configuration map the language host passes in
// PULUMI_CONFIG (so a mistyped key is reported, which asking for known keys one by one can't do), validated at once.
// Any problem stops `pulumi preview` before a single resource is planned, with every problem listed: a setting, or a
// stack or project name that can't give every resource a name AWS accepts (NameCheck).
using Pulumi;
using WebStack.Core.Settings;

namespace WebStack.Infra;

internal static class StackConfiguration
{
    public static StackSettings Load() =>
        Load(
            Deployment.Instance.ProjectName,
            Deployment.Instance.StackName,
            Environment.GetEnvironmentVariable(PulumiConfigJson.ConfigVariable),
            Environment.GetEnvironmentVariable(PulumiConfigJson.SecretKeysVariable));

    public static StackSettings Load(string project, string stack, string? configJson, string? secretKeysJson)
    {
        var config = PulumiConfigJson.Parse(project, stack, configJson, secretKeysJson);
        var result = StackSettingsReader.Read(config);
        foreach (var warning in result.Warnings)
        {
            Log.Warn(warning.Message);
        }

        if (!result.IsValid)
        {
            // A RunException is reported as its message alone: the list of problems, without a stack trace.
            throw new RunException(new InvalidStackSettingsException(result.Errors).Message);
        }

        return result.RequireValid();
    }
}
