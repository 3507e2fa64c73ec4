// `plan <stack> --json`: the same cost estimate and budget the text plan prints, as JSON for scripts.
using System.Text;
using System.Text.Json;
using WebStack.Core;
using WebStack.Core.Cost;
using WebStack.Core.Settings;

namespace WebStack.Local.Stacks;

public static class CostJson
{
    public static string Render(StackPlan plan, StackCost cost, BudgetPlan budget)
    {
        var settings = plan.Settings;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("project", settings.Project);
            json.WriteString("stack", settings.Stack);
            json.WriteString("profile", settings.Profile.ToConfigText());
            json.WriteString("region", settings.Region);
            json.WriteString("currency", cost.Table.Currency);
            json.WriteString("pricesCompiled", cost.Table.Compiled.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("hoursPerMonth", CostEstimate.HoursPerMonth);

            json.WriteStartObject("assumptions");
            json.WriteNumber("egressGb", cost.Usage.EgressGb);
            json.WriteNumber("albLcu", cost.Usage.AlbLcu);
            json.WriteNumber("flowLogGb", cost.Usage.FlowLogGb);
            json.WriteNumber("backupGb", cost.Usage.BackupGb);
            json.WriteNumber("packageGb", cost.Usage.PackageGb);
            json.WriteEndObject();

            json.WriteStartArray("sizes");
            WriteSize(json, "start", cost.Start);
            WriteSize(json, "max", cost.AtMax);
            json.WriteEndArray();

            json.WriteStartObject("budget");
            json.WriteBoolean("enabled", budget.Enabled);
            if (budget.Enabled)
            {
                json.WriteNumber("limitUsd", budget.LimitUsd);
            }

            json.WriteNumber("marginPercent", budget.MarginPercent);
            json.WriteString("costFilter", budget.TagFilterValue);
            json.WriteStartArray("alerts");
            foreach (var alert in budget.Alerts)
            {
                json.WriteStartObject();
                json.WriteString("type", alert.Type);
                json.WriteNumber("percentOfLimit", alert.PercentOfLimit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteOptional(json, "email", budget.Email);
            WriteOptional(json, "note", budget.Note);
            json.WriteEndObject();

            json.WriteStartArray("sources");
            foreach (var source in cost.Sources)
            {
                json.WriteStartObject();
                json.WriteString("id", source.Id);
                json.WriteString("url", source.Url);
                json.WriteString("via", source.Via);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteSize(Utf8JsonWriter json, string name, CostEstimate estimate)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteNumber("servers", estimate.Servers);
        json.WriteNumber("fixedUsd", estimate.Fixed);
        json.WriteNumber("usageUsd", estimate.Usage);
        json.WriteNumber("totalUsd", estimate.Total);
        json.WriteStartArray("lines");
        foreach (var line in estimate.Lines)
        {
            json.WriteStartObject();
            json.WriteString("id", line.Id);
            json.WriteString("what", line.What);
            json.WriteString("part", line.Part == CostPart.Fixed ? "fixed" : "usage");
            json.WriteNumber("quantity", line.Quantity);
            json.WriteString("unit", line.Item.Unit);
            json.WriteString("priceItem", line.Item.Key);
            if (line.Price is null)
            {
                json.WriteNull("unitPriceUsd");
                json.WriteNull("monthlyUsd");
                json.WriteNull("source");
                json.WriteString("missing", line.Missing!.Key);
            }
            else
            {
                json.WriteNumber("unitPriceUsd", line.Price.Usd);
                json.WriteNumber("monthlyUsd", line.Monthly!.Value);
                json.WriteString("source", line.Price.Source.Id);
                json.WriteNull("missing");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("unpriced");
        foreach (var line in estimate.Unpriced)
        {
            json.WriteStringValue(line.Id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
