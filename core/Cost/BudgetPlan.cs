// The AWS Budgets budget that warns when the stack's real spend drifts from its estimate: its limit, the tag that
// selects the stack's costs, and when it notifies whom: always the stack's alarm topic (whoever hears the alarms hears
// the bill), and the alarm address too when there is one. The Pulumi program maps it; the plan prints it.
using System.Globalization;
using WebStack.Core.Naming;

namespace WebStack.Core.Cost;

/// <param name="Type">ACTUAL (spend so far this month) or FORECASTED (AWS's forecast for the month).</param>
/// <param name="PercentOfLimit">Notify when the spend passes this share of the limit.</param>
public sealed record BudgetAlert(string Type, int PercentOfLimit);

/// <param name="LimitUsd">Whole dollars: the estimate at maxSize plus the margin, rounded up.</param>
/// <param name="TagKey">The cost allocation tag that picks the stack's costs (it must be activated in the billing console).</param>
/// <param name="Email">Who gets the alerts by e-mail besides the alarm topic's subscribers; null for the topic alone.</param>
/// <param name="Note">Why there is no budget, or what its limit leaves out; null when nothing needs saying.</param>
public sealed record BudgetPlan(
    bool Enabled,
    decimal LimitUsd,
    int MarginPercent,
    string TagKey,
    string TagValue,
    IReadOnlyList<BudgetAlert> Alerts,
    string? Email,
    string? Note)
{
    public const string Actual = "ACTUAL";
    public const string Forecasted = "FORECASTED";

    /// <summary>Warn when 80 % of the limit is spent, and when the month is forecast to pass it.</summary>
    public static IReadOnlyList<BudgetAlert> StandardAlerts { get; } = [new(Actual, 80), new(Forecasted, 100)];

    /// <summary>The limit as AWS Budgets takes it: a decimal string in USD.</summary>
    public string LimitAmount => LimitUsd.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>The Budgets cost filter value of the tag: "user:" + key + "$" + value.</summary>
    public string TagFilterValue => $"user:{TagKey}${TagValue}";

    /// <summary>
    /// The limit follows the estimate at maxSize, not at the starting size: scaling out is the stack working as planned
    /// and must not set off the alarm; spend beyond what the largest fleet costs is the drift worth hearing about.
    /// </summary>
    public static BudgetPlan For(StackPlan plan, StackCost cost)
    {
        var settings = plan.Settings;
        var margin = settings.Cost.BudgetMarginPercent;
        var estimate = cost.AtMax;
        BudgetPlan Make(bool enabled, decimal limit, string? note) =>
            new(enabled, limit, margin, StandardTags.Stack, settings.Stack, StandardAlerts, settings.AlarmEmail, note);

        if (margin == 0)
        {
            return Make(false, 0, "budgetMarginPercent is 0: no budget");
        }

        if (estimate.Total == 0)
        {
            return Make(false, 0, $"nothing of the stack is priced for {settings.Region}: no budget can be derived");
        }

        var limit = Math.Ceiling(estimate.Total * (100 + margin) / 100);
        var unpriced = estimate.Unpriced;
        var note = unpriced.Count == 0
            ? null
            : $"the limit leaves out what has no price for {settings.Region}: {string.Join(", ", unpriced.Select(line => line.What))}";
        return Make(true, limit, note);
    }
}
