// What reading a stack's configuration gives: the settings, or every problem found, plus where each value came from.
namespace WebStack.Core.Settings;

/// <summary>One problem with the configuration; <see cref="Message"/> names the key, the value and what is allowed.</summary>
public sealed record SettingProblem(string Key, string Message)
{
    public override string ToString() => Message;
}

public enum SettingSource
{
    /// <summary>Set in the stack's configuration.</summary>
    StackFile,

    /// <summary>The profile's default.</summary>
    Default,

    /// <summary>Worked out from other settings (e.g. desiredCapacity kept between minSize and maxSize).</summary>
    Derived,
}

/// <param name="Display">The value as a user would write it; "[secret]" for secrets.</param>
public sealed record EffectiveSetting(string Key, string Display, SettingSource Source);

public sealed record SettingsResult(
    StackSettings? Settings,
    IReadOnlyList<SettingProblem> Errors,
    IReadOnlyList<SettingProblem> Warnings,
    IReadOnlyList<EffectiveSetting> Effective)
{
    public bool IsValid => Settings is not null && Errors.Count == 0;

    /// <summary>The settings, or an exception listing every problem (for callers that can't go on without them).</summary>
    public StackSettings RequireValid() =>
        IsValid ? Settings! : throw new InvalidStackSettingsException(Errors);
}

public sealed class InvalidStackSettingsException(IReadOnlyList<SettingProblem> problems)
    : Exception(FormatMessage(problems))
{
    public IReadOnlyList<SettingProblem> Problems { get; } = problems;

    private static string FormatMessage(IReadOnlyList<SettingProblem> problems) =>
        $"the stack's configuration has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:"
        + string.Concat(problems.Select(problem => $"{Environment.NewLine}  - {problem.Message}"));
}
