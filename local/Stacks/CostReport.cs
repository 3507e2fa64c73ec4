// The plan's cost section as text: every item at the starting size and at maxSize, fixed and usage-driven apart,
// the totals, what has no price, where the prices come from, and the budget derived from them.
using System.Globalization;
using WebStack.Core;
using WebStack.Core.Cost;

namespace WebStack.Local.Stacks;

public static class CostReport
{
    public static void Write(Action<string> line, StackPlan plan, StackCost cost, BudgetPlan budget)
    {
        var start = cost.Start;
        var max = cost.AtMax;
        var region = plan.Settings.Region;
        line($"Monthly cost in {region} (USD, on-demand list prices of the table compiled {cost.Table.Compiled:yyyy-MM-dd}; "
            + $"a month is {CostEstimate.HoursPerMonth} hours; tax, free tiers, data transfer to the internet and support plans not included)");

        var rows = start.Lines.Zip(max.Lines, (atStart, atMax) => (Start: atStart, Max: atMax)).ToList();
        var whatWidth = Math.Max(40, rows.Max(row => row.Start.What.Length) + 2);
        var quantityWidth = Math.Max(16, rows.Max(row => Quantity(row.Start, row.Max).Length) + 2);
        string Row(string what, string quantity, string price, string atStart, string atMax) =>
            $"    {what.PadRight(whatWidth)}{quantity.PadRight(quantityWidth)}{price,-18}{atStart,18}{atMax,18}";

        line(Row("", "quantity", "unit price", $"start ({Servers(start.Servers)})", $"max ({Servers(max.Servers)})"));
        foreach (var part in new[] { CostPart.Fixed, CostPart.Usage })
        {
            line(part == CostPart.Fixed ? "  fixed" : $"  usage-driven (assumed: {Assumptions(plan, cost.Usage)})");
            foreach (var (atStart, atMax) in rows.Where(row => row.Start.Part == part))
            {
                line(Row(atStart.What, Quantity(atStart, atMax), UnitPrice(atStart), Money(atStart.Monthly), Money(atMax.Monthly)));
            }

            line(Row(part == CostPart.Fixed ? "fixed part" : "usage part", "", "",
                Money(part == CostPart.Fixed ? start.Fixed : start.Usage), Money(part == CostPart.Fixed ? max.Fixed : max.Usage)));
        }

        line($"  {"total".PadRight(whatWidth + quantityWidth + 20)}{Money(start.Total),18}{Money(max.Total),18}");
        foreach (var unpriced in cost.Unpriced)
        {
            line($"  not priced, left out of the totals: {unpriced.What} (the table has no {region} price for {unpriced.Missing!.Key})");
        }

        line("  prices from:");
        foreach (var source in cost.Sources)
        {
            line($"    [{source.Id}] {source.Url} (read via {source.Via})");
        }

        line($"  Budget: {Describe(budget, cost)}");
    }

    public static string Describe(BudgetPlan budget, StackCost cost)
    {
        if (!budget.Enabled)
        {
            return $"none ({budget.Note})";
        }

        var text = $"AWS Budgets monthly cost budget of ${budget.LimitAmount} (the estimate at maxSize, {Money(cost.AtMax.Total)}, plus {budget.MarginPercent} %, rounded up), "
            + $"on the costs tagged {budget.TagKey}={budget.TagValue} (activate the {budget.TagKey} cost allocation tag in the billing console); ";
        text += $"tells the alarm topic{(budget.Email is null ? " (subscribe to it, or set webstack:alarmEmail)" : $" and e-mails {budget.Email}")} "
            + $"when {string.Join(" and ", budget.Alerts.Select(Alert))}";
        return budget.Note is null ? text : $"{text}; {budget.Note}";
    }

    private static string Alert(BudgetAlert alert) => alert.Type == BudgetPlan.Actual
        ? $"{alert.PercentOfLimit} % of it is spent"
        : $"the month is forecast past {alert.PercentOfLimit} %";

    private static string Assumptions(StackPlan plan, UsageAssumptions usage)
    {
        var parts = new List<string>
        {
            $"{Number(usage.EgressGb)} GB/month out through {(plan.Egress.UsesEndpoints ? "the VPC endpoints" : "NAT")}",
            $"{Number(usage.AlbLcu)} LCU",
            $"{Number(usage.BackupGb)} GB of backups beyond the free amount",
            $"{Number(usage.PackageGb)} GB of packages",
        };
        if (plan.Settings.Network.FlowLogs)
        {
            parts.Add($"{Number(usage.FlowLogGb)} GB/month of flow logs");
        }

        parts.Add($"{Number(plan.Settings.Monitoring.ServerLogGb)} GB/month of server logs");
        parts.Add($"{Number(plan.Settings.Monitoring.AlbLogGb)} GB/month of load balancer access logs");

        return string.Join(", ", parts) + "; settings usage*";
    }

    private static string Servers(int count) => $"{count} server{(count == 1 ? "" : "s")}";

    private static string Quantity(CostLine atStart, CostLine atMax)
    {
        var unit = QuantityUnit(atStart.Item.Unit);
        return atStart.Quantity == atMax.Quantity
            ? $"{Number(atStart.Quantity)} {unit}"
            : $"{Number(atStart.Quantity)} / {Number(atMax.Quantity)} {unit}";
    }

    private static string QuantityUnit(string unit) => unit switch
    {
        "secret-month" => "secret",
        "alarm-month" => "alarm metrics",
        "metric-month" => "metrics",
        "dashboard-month" => "dashboard",
        _ => unit,
    };

    private static string UnitPrice(CostLine line) =>
        line.Price is null ? "no price" : $"${line.Price.Usd.ToString("0.00####", CultureInfo.InvariantCulture)}/{line.Item.Unit}";

    public static string Money(decimal? amount) =>
        amount is null ? "-" : "$" + amount.Value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
