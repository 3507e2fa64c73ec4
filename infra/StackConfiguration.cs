// The stack's settings, read the way the core expects them: the whole configuration map the language host passes in
// PULUMI_CONFIG (so a mistyped key is reported, which asking for known keys one by one can't do), validated at once.
// Any problem stops `pulumi preview` before a single resource is planned, with every problem listed.
using System.Text;
using System.Text.Json;
using Pulumi;
using WebStack.Core.Settings;

namespace WebStack.Infra;

internal static class StackConfiguration
{
    private const string LegacyConfigInfix = "config:";

    public static StackSettings Load() =>
        Load(
            Deployment.Instance.ProjectName,
            Deployment.Instance.StackName,
            Environment.GetEnvironmentVariable(PulumiConfigJson.ConfigVariable),
            Environment.GetEnvironmentVariable(PulumiConfigJson.SecretKeysVariable));

    public static StackSettings Load(string project, string stack, string? configJson, string? secretKeysJson)
    {
        var config = PulumiConfigJson.Parse(project, stack, CleanConfigKeys(configJson), CleanSecretKeys(secretKeysJson));
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

        return result.RequireValid();
    }

    /// <summary>
    /// Older language hosts pass keys as "project:config:key"; the Pulumi SDK strips the ":config" part (its
    /// CleanKey), so this does the same before the core sees the keys.
    /// </summary>
    internal static string CleanKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && key[(colon + 1)..].StartsWith(LegacyConfigInfix, StringComparison.Ordinal)
            ? key[..(colon + 1)] + key[(colon + 1 + LegacyConfigInfix.Length)..]
            : key;
    }

    private static string? CleanConfigKeys(string? configJson)
    {
        if (string.IsNullOrWhiteSpace(configJson))
        {
            return configJson;
        }

        using var document = JsonDocument.Parse(configJson);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                writer.WritePropertyName(CleanKey(property.Name));
                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? CleanSecretKeys(string? secretKeysJson)
    {
        if (string.IsNullOrWhiteSpace(secretKeysJson))
        {
            return secretKeysJson;
        }

        using var document = JsonDocument.Parse(secretKeysJson);
        var keys = document.RootElement.EnumerateArray().Select(key => CleanKey(key.GetString() ?? "")).ToList();
        return JsonSerializer.Serialize(keys);
    }
}
