// One of AWS Security Hub's controls, as it applies to a stack: whether the stack passes it, has it off (and why, and
// the setting that turns it on), leaves it to the account, makes nothing it evaluates, or doesn't meet it yet.
using WebStack.Core.Settings;

namespace WebStack.Core.Security;

public enum ControlStatus
{
    /// <summary>The stack's resources pass it.</summary>
    Passes,

    /// <summary>Off for this stack by its settings: the state says why and which setting turns it on.</summary>
    Off,

    /// <summary>It evaluates the account (users, root, Region defaults), not what the stack makes.</summary>
    Account,

    /// <summary>The stack makes nothing it evaluates.</summary>
    NotApplicable,

    /// <summary>The stack doesn't meet it yet, whatever its settings: the state says why.</summary>
    NotMet,
}

public sealed record ControlState(ControlStatus Status, string Says);

/// <param name="Standards">Where Security Hub lists it: FSBP (AWS Foundational Security Best Practices v1.0.0), CIS 3.0, NIST.</param>
public sealed record SecurityControl(string Id, string Title, string Standards, Func<StackSettings, ControlState> Evaluate)
{
    public string Url => $"https://docs.aws.amazon.com/securityhub/latest/userguide/{Page}-controls.html#{Id.ToLowerInvariant().Replace('.', '-')}";

    private string Page => Id.Split('.')[0].ToLowerInvariant() switch
    {
        "secretsmanager" => "secretsmanager",
        var service => service,
    };

    public static SecurityControl Always(string id, string title, string standards, string does) =>
        new(id, title, standards, _ => new ControlState(ControlStatus.Passes, does));

    /// <summary>Passes where <paramref name="on"/> holds; otherwise off, saying <paramref name="whyOff"/> and <paramref name="turnOn"/>.</summary>
    public static SecurityControl When(string id, string title, string standards, Func<StackSettings, bool> on, string does, string whyOff, string turnOn) =>
        new(id, title, standards, settings => on(settings)
            ? new ControlState(ControlStatus.Passes, does)
            : new ControlState(ControlStatus.Off, $"{whyOff}; turned on by {turnOn}"));

    public static SecurityControl Account(string id, string title, string standards, string whatToDo) =>
        new(id, title, standards, _ => new ControlState(ControlStatus.Account, whatToDo));

    public static SecurityControl NotApplicable(string id, string title, string standards, string why) =>
        new(id, title, standards, _ => new ControlState(ControlStatus.NotApplicable, why));

    public static SecurityControl NotMet(string id, string title, string standards, string why) =>
        new(id, title, standards, _ => new ControlState(ControlStatus.NotMet, why));
}
