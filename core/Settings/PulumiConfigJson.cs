// Reads a stack's configuration the way a Pulumi program receives it: the language host passes every
// "<namespace>:<key>" value as JSON in PULUMI_CONFIG and the names of the secret ones in PULUMI_CONFIG_SECRET_KEYS.
// Reading the whole map (rather than asking for known keys one by one) is what lets a typo be reported.
using System.Text.Json;

namespace WebStack.Core.Settings;

public static class PulumiConfigJson
{
    public const string ConfigVariable = "PULUMI_CONFIG";
    public const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    private const string LegacyInfix = "config:";

    /// <param name="configJson">A JSON object of key to string value; null or empty when the stack has no config.</param>
    /// <param name="secretKeysJson">A JSON array of the keys whose values are secrets; may be null.</param>
    public static StackConfig Parse(string project, string stack, string? configJson, string? secretKeysJson)
    {
        var secretKeys = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(secretKeysJson))
        {
            using var secrets = JsonDocument.Parse(secretKeysJson);
            foreach (var key in secrets.RootElement.EnumerateArray())
            {
                secretKeys.Add(CleanKey(key.GetString() ?? ""));
            }
        }

        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(configJson))
        {
            using var config = JsonDocument.Parse(configJson);
            foreach (var property in config.RootElement.EnumerateObject())
            {
                // Pulumi passes structured values as JSON text already; anything else is kept as its JSON form.
                var text = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
                var key = CleanKey(property.Name);
                values[key] = new ConfigValue(text, secretKeys.Contains(key));
            }
        }

        return new StackConfig(project, stack, values);
    }

    /// <summary>
    /// Older language hosts pass keys as "project:config:key"; the Pulumi SDK reads them as "project:key", and so
    /// does this.
    /// </summary>
    public static string CleanKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && key[(colon + 1)..].StartsWith(LegacyInfix, StringComparison.Ordinal)
            ? key[..(colon + 1)] + key[(colon + 1 + LegacyInfix.Length)..]
            : key;
    }
}
