// Typed reads of single configuration keys that collect every problem instead of stopping at the first.
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Network;

namespace WebStack.Core.Settings;

internal sealed class ConfigReader(StackConfig config)
{
    public const string SecretDisplay = "[secret]";

    private readonly Dictionary<string, EffectiveSetting> _effective = [];

    public List<SettingProblem> Errors { get; } = [];

    public List<SettingProblem> Warnings { get; } = [];

    public IReadOnlyList<EffectiveSetting> Effective =>
        SettingKeys.All.Where(key => _effective.ContainsKey(key.Name)).Select(key => _effective[key.Name]).ToList();

    public ConfigValue? Raw(string key) =>
        config.Values.TryGetValue(key.Contains(':') ? key : config.KeyOf(key), out var value) ? value : null;

    public bool IsSet(string key) => Raw(key) is not null;

    /// <summary>The full key of one of the project's settings, e.g. "webstack:stripeApiKey".</summary>
    public string KeyOf(string name) => config.KeyOf(name);

    public string Stack => config.Stack;

    public bool IsSecret(string key) => Raw(key)?.IsSecret == true;

    public void Error(string key, string message) => Errors.Add(new SettingProblem(key, ScrubSecret(key, message)));

    // A structured secret (a map or a list) is checked piece by piece; whatever piece a message quotes is hidden.
    private string ScrubSecret(string key, string message)
    {
        if (Raw(key) is not { IsSecret: true, Text: { } secret })
        {
            return message;
        }

        var pieces = new List<string> { secret };
        try
        {
            using var document = JsonDocument.Parse(secret);
            CollectPieces(document.RootElement, pieces);
        }
        catch (JsonException)
        {
            // Not structured: the whole text is the only piece.
        }

        foreach (var piece in pieces.Where(piece => piece.Length >= 3).Distinct().OrderByDescending(piece => piece.Length))
        {
            message = message.Replace(piece, SecretDisplay, StringComparison.Ordinal);
        }

        return message;
    }

    private static void CollectPieces(JsonElement element, List<string> pieces)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    pieces.Add(property.Name);
                    CollectPieces(property.Value, pieces);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectPieces(item, pieces);
                }

                break;
            default:
                pieces.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                break;
        }
    }

    public void Warn(string key, string message) => Warnings.Add(new SettingProblem(key, message));

    /// <summary>Reports a bad value: "key = "value": problem". A secret's value is never repeated back.</summary>
    public void Invalid(string key, string given, string problem) =>
        Error(key, IsSecret(key) ? $"{key} (a secret): {problem}" : $"{key} = \"{given}\": {problem}");

    public void Record(string key, string display, SettingSource source) =>
        _effective[key] = new EffectiveSetting(key, IsSecret(key) ? SecretDisplay : display, source);

    /// <summary>The value's text, or null when the key is unset (or set but unusable, which is reported).</summary>
    /// <param name="opaqueSecretAllowed">
    /// The key's value only passes through to AWS, so a secret the offline plan can't decrypt is accepted as "set".
    /// </param>
    public string? Text(string key, bool opaqueSecretAllowed = false)
    {
        var raw = Raw(key);
        if (raw is null)
        {
            return null;
        }

        if (raw.Text is null)
        {
            if (!opaqueSecretAllowed)
            {
                Error(key, $"{key} is stored as a secret, which can't be decrypted here, and its value shapes what gets built; "
                    + $"store it in plain text: pulumi config set {key} <value>");
            }

            return null;
        }

        return raw.Text;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var text = Text(key);
        if (text is null)
        {
            RecordDefault(key, fallback.ToString(CultureInfo.InvariantCulture));
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Invalid(key, text, $"must be a whole number from {min} to {max}");
            return fallback;
        }

        Record(key, value.ToString(CultureInfo.InvariantCulture), SettingSource.StackFile);
        return value;
    }

    /// <summary>A number with up to two decimals, such as 0.5 or 100.</summary>
    public decimal Decimal(string key, decimal fallback, decimal min, decimal max)
    {
        static string Show(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        var text = Text(key);
        if (text is null)
        {
            RecordDefault(key, Show(fallback));
            return fallback;
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max || value != Math.Round(value, 2))
        {
            Invalid(key, text, $"must be a number from {Show(min)} to {Show(max)} with at most two decimals");
            return fallback;
        }

        Record(key, Show(value), SettingSource.StackFile);
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var text = Text(key);
        if (text is null)
        {
            RecordDefault(key, fallback ? "true" : "false");
            return fallback;
        }

        if (!bool.TryParse(text.Trim(), out var value))
        {
            Invalid(key, text, "must be true or false");
            return fallback;
        }

        Record(key, value ? "true" : "false", SettingSource.StackFile);
        return value;
    }

    public delegate bool TryParseChoice<T>(string text, out T value);

    public T Choice<T>(string key, T fallback, string fallbackText, IReadOnlyList<string> allowed, TryParseChoice<T> parse)
    {
        var text = Text(key);
        if (text is null)
        {
            RecordDefault(key, fallbackText);
            return fallback;
        }

        if (!parse(text, out var value))
        {
            Invalid(key, text, $"must be one of {string.Join(", ", allowed)}");
            return fallback;
        }

        Record(key, text, SettingSource.StackFile);
        return value;
    }

    /// <summary>A text value that must match <paramref name="pattern"/>; <paramref name="allowed"/> says in words what that means.</summary>
    public string Pattern(string key, string fallback, Regex pattern, string allowed)
    {
        var text = Text(key);
        if (text is null)
        {
            RecordDefault(key, fallback);
            return fallback;
        }

        if (!pattern.IsMatch(text))
        {
            Invalid(key, text, allowed);
            return fallback;
        }

        Record(key, text, SettingSource.StackFile);
        return text;
    }

    /// <summary>An optional text value; empty counts as unset. An unreadable secret yields <see cref="SecretDisplay"/>.</summary>
    public string? OptionalPattern(string key, Regex pattern, string allowed, string unsetDisplay)
    {
        var raw = Raw(key);
        var text = Text(key, opaqueSecretAllowed: true);
        if (raw is { Text: null })
        {
            Record(key, SecretDisplay, SettingSource.StackFile);
            return SecretDisplay;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            RecordDefault(key, unsetDisplay);
            return null;
        }

        if (!pattern.IsMatch(text))
        {
            Invalid(key, text, allowed);
            return null;
        }

        Record(key, text, SettingSource.StackFile);
        return text;
    }

    /// <summary>
    /// A list of IPv4 CIDRs, given as a YAML/JSON list or as one comma-separated string
    /// (what `pulumi config set ingressCidrs "a,b"` stores). Null when unset.
    /// </summary>
    public IReadOnlyList<IPNetwork>? CidrList(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!TryReadStringList(text, out var items))
        {
            Invalid(key, text, "must be a list of IPv4 CIDRs, as a YAML list or comma-separated, e.g. 203.0.113.0/24,198.51.100.7/32");
            return [];
        }

        var networks = new List<IPNetwork>();
        var fine = true;
        foreach (var item in items)
        {
            if (Ipv4Cidr.TryParse(item, out var network, out var problem))
            {
                if (networks.Contains(network))
                {
                    Error(key, IsSecret(key) ? $"{key} (a secret): an entry is listed twice" : $"{key}: {network} is listed twice");
                    fine = false;
                }

                networks.Add(network);
            }
            else
            {
                Error(key, IsSecret(key) ? $"{key} (a secret): an entry {problem}" : $"{key}: \"{item}\" {problem}");
                fine = false;
            }
        }

        if (networks.Count == 0 && fine)
        {
            Invalid(key, text, "must name at least one IPv4 CIDR");
        }

        if (fine)
        {
            Record(key, string.Join(",", networks), SettingSource.StackFile);
        }

        return networks;
    }

    /// <summary>The value parsed as JSON of the given kind (how Pulumi passes structured config), or null when unset or bad.</summary>
    public JsonElement? Json(string key, JsonValueKind kind, string shape)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == kind)
            {
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Reported below with the shape the key needs.
        }

        Invalid(key, text, $"must be {shape}");
        return null;
    }

    public void RecordDefault(string key, string display) =>
        _effective[key] = new EffectiveSetting(key, display, SettingSource.Default);

    private static bool TryReadStringList(string text, out List<string> items)
    {
        items = [];
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('['))
        {
            items = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                items.Add(element.GetString()!.Trim());
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
