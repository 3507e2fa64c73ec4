// Reads the price table (JSON) into typed prices, refusing a malformed table with every problem named by its row.
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebStack.Core.Cost;

public static partial class PriceTableLoader
{
    public const string ResourceName = "WebStack.Core.Cost.prices.json";

    private static readonly Lazy<PriceTable> BuiltIn = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the core assembly has no embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), ResourceName);
    });

    /// <summary>The table shipped in the core assembly (core/Cost/prices.json).</summary>
    public static PriceTable Embedded => BuiltIn.Value;

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\z")]
    private static partial Regex RegionPattern();

    /// <param name="origin">Named in error messages (a file name).</param>
    public static PriceTable Parse(string json, string origin)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new PriceTableException(origin, [$"not valid JSON: {exception.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PriceTableException(origin, ["the table must be a JSON object with compiled, currency, sources and prices"]);
            }

            var compiled = ReadCompiled(root, problems);
            var currency = Text(root, "currency");
            if (currency != "USD")
            {
                problems.Add($"currency must be \"USD\" (got {Show(currency)})");
            }

            var sources = ReadSources(root, problems);
            var prices = ReadPrices(root, sources, problems);
            if (problems.Count > 0)
            {
                throw new PriceTableException(origin, problems);
            }

            return new PriceTable(compiled, currency!, prices);
        }
    }

    private static DateOnly ReadCompiled(JsonElement root, List<string> problems)
    {
        var text = Text(root, "compiled");
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"compiled must be the date the table was compiled, as YYYY-MM-DD (got {Show(text)})");
        return default;
    }

    private static Dictionary<string, PriceSource> ReadSources(JsonElement root, List<string> problems)
    {
        var sources = new Dictionary<string, PriceSource>(StringComparer.Ordinal);
        if (!root.TryGetProperty("sources", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("sources must be an object of source ids to {url, via}");
            return sources;
        }

        foreach (var property in element.EnumerateObject())
        {
            var url = property.Value.ValueKind == JsonValueKind.Object ? Text(property.Value, "url") : null;
            var via = property.Value.ValueKind == JsonValueKind.Object ? Text(property.Value, "via") : null;
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"source \"{property.Name}\": url must be an https:// address (got {Show(url)})");
            }
            else if (string.IsNullOrWhiteSpace(via))
            {
                problems.Add($"source \"{property.Name}\": via must say where the figures were read");
            }
            else
            {
                sources[property.Name] = new PriceSource(property.Name, url, via);
            }
        }

        return sources;
    }

    private static List<Price> ReadPrices(JsonElement root, Dictionary<string, PriceSource> sources, List<string> problems)
    {
        var prices = new List<Price>();
        if (!root.TryGetProperty("prices", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            problems.Add("prices must be a list of {region, item, usd, source}");
            return prices;
        }

        var seen = new HashSet<(string, string)>();
        var row = 0;
        foreach (var entry in element.EnumerateArray())
        {
            row++;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"prices row {row}: must be an object {{region, item, usd, source}}");
                continue;
            }

            var region = Text(entry, "region");
            var key = Text(entry, "item");
            var name = $"prices row {row} ({region ?? "?"} {key ?? "?"})";
            var before = problems.Count;
            if (region is null || !RegionPattern().IsMatch(region))
            {
                problems.Add($"{name}: region must be an AWS region code such as us-east-1 (got {Show(region)})");
            }

            var item = key is null ? null : PriceItems.Parse(key);
            if (item is null)
            {
                problems.Add($"{name}: item must be {PriceItems.Described} (got {Show(key)})");
            }

            decimal usd = 0;
            if (!entry.TryGetProperty("usd", out var usdElement) || usdElement.ValueKind != JsonValueKind.Number
                || !usdElement.TryGetDecimal(out usd) || usd <= 0)
            {
                problems.Add($"{name}: usd must be a number above 0 (got {(entry.TryGetProperty("usd", out var raw) ? raw.GetRawText() : "nothing")}); leave out a price that isn't known");
            }

            var sourceId = Text(entry, "source");
            if (sourceId is null || !sources.ContainsKey(sourceId))
            {
                problems.Add($"{name}: source must be one of the ids under sources ({string.Join(", ", sources.Keys)}) (got {Show(sourceId)})");
            }

            if (region is not null && key is not null && !seen.Add((region, key)))
            {
                problems.Add($"{name}: {key} is priced twice for {region}");
            }

            if (problems.Count == before)
            {
                prices.Add(new Price(region!, item!, usd, sources[sourceId!]));
            }
        }

        return prices;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Show(string? text) => text is null ? "nothing" : $"\"{text}\"";
}

public sealed class PriceTableException(string origin, IReadOnlyList<string> problems)
    : Exception($"the price table {origin} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:"
        + string.Concat(problems.Select(problem => $"{Environment.NewLine}  - {problem}")))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
