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

        // Before any resource is registered: an `up` must not build half a stack and then stop.
        return result.Settings!.Image is null ? throw new RunException(ImageNotPinned(stack)) : result.RequireValid();
    }

    /// <summary>Why the program can't run for a stack whose image isn't pinned, and the command that pins it.</summary>
    public static string ImageNotPinned(string stack) =>
        $"ami is not set: the servers' image is pinned in the stack's settings, so no new Amazon Linux image rolls the fleet by itself. "
        + $"Pin the region's latest Amazon Linux 2023 image with `dotnet run --project local -- ami update {stack}` (it writes webstack:ami into Pulumi.{stack}.yaml), then run this again";
}
