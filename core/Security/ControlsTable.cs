// The controls as the README lists them and `plan` sums them up: each control's state in a dev and a prod stack of
// the defaults, and for one stack the controls it has off or doesn't meet, with why and what turns them on.
using System.Text;
using WebStack.Core.Settings;

namespace WebStack.Core.Security;

public static class ControlsTable
{
    public const string Header = "| control | standards | title | dev | prod | what the stack does, or why not |";

    public static string Word(ControlStatus status) => status switch
    {
        ControlStatus.Passes => "passes",
        ControlStatus.Off => "**off**",
        ControlStatus.Account => "account",
        ControlStatus.NotApplicable => "n/a",
        ControlStatus.NotMet => "**not met**",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The README's rows: every control against a dev and a prod stack of the defaults.</summary>
    public static IReadOnlyList<string> Rows(StackSettings dev, StackSettings prod) =>
        SecurityControls.All.Select(control =>
        {
            var (inDev, inProd) = (control.Evaluate(dev), control.Evaluate(prod));
            var says = inProd.Says == inDev.Says ? inProd.Says : $"prod: {inProd.Says}; dev: {inDev.Says}";
            return $"| [{control.Id}]({control.Url}) | {control.Standards} | {control.Title} | {Word(inDev.Status)} | {Word(inProd.Status)} | {says.Replace("|", "\\|", StringComparison.Ordinal)} |";
        }).ToList();

    /// <summary>One stack's summary for `plan`: the counts, then each control it has off or doesn't meet.</summary>
    public static string Summary(StackSettings settings)
    {
        var states = SecurityControls.For(settings);
        int Count(ControlStatus status) => states.Count(state => state.State.Status == status);
        var text = new StringBuilder();
        text.Append(CultureInvariant($"Security Hub controls (FSBP, with CIS 3.0 and NIST where they add): {Count(ControlStatus.Passes)} pass, {Count(ControlStatus.Off)} off, {Count(ControlStatus.NotMet)} not met, {Count(ControlStatus.Account)} for the account, {Count(ControlStatus.NotApplicable)} not applicable (README: Security controls)\n"));
        foreach (var (control, state) in states.Where(state => state.State.Status is ControlStatus.Off or ControlStatus.NotMet))
        {
            text.Append(CultureInvariant($"  {control.Id,-17} {(state.Status == ControlStatus.Off ? "off" : "not met"),-8} {state.Says}\n"));
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
