// The user's extra tags: checked against AWS's tag rules and the tags the stack sets itself.
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Naming;

namespace WebStack.Core.Settings;

internal static partial class StackTags
{
    public const int MaxTagsPerResource = 50;

    // Letters, digits, spaces and + - = . _ : / @, the characters every AWS service accepts in tags.
    [GeneratedRegex(@"^[\p{L}\p{N} +\-=._:/@]*\z")]
    private static partial Regex TagText();

    public static IReadOnlyDictionary<string, string> Read(ConfigReader reader)
    {
        var key = SettingKeys.Tags;
        var json = reader.Json(key, JsonValueKind.Object, "a map of tag names to values, e.g. {\"CostCenter\": \"1234\"}");
        if (json is null)
        {
            if (!reader.IsSet(key))
            {
                reader.RecordDefault(key, "(none)");
            }

            return new Dictionary<string, string>();
        }

        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var errorsBefore = reader.Errors.Count;
        foreach (var property in json.Value.EnumerateObject())
        {
            var name = property.Name;
            string? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };

            if (value is null)
            {
                reader.Error(key, $"tags.{name}: the value must be text, not {property.Value.ValueKind.ToString().ToLowerInvariant()}");
            }
            else if (name.Length is 0 or > 128 || !TagText().IsMatch(name))
            {
                reader.Error(key, $"tags: \"{name}\" is not a valid tag name; use 1-128 letters, digits, spaces or + - = . _ : / @");
            }
            else if (name.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                reader.Error(key, $"tags: \"{name}\" starts with aws:, which AWS keeps for itself");
            }
            else if (StandardTags.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                reader.Error(key, $"tags: \"{name}\" is set by the stack itself ({string.Join(", ", StandardTags.Names)}); choose another name");
            }
            else if (value.Length > 256 || !TagText().IsMatch(value))
            {
                reader.Error(key, $"tags.{name} = \"{value}\": a tag value is up to 256 letters, digits, spaces or + - = . _ : / @");
            }
            else
            {
                tags[name] = value;
            }
        }

        var room = MaxTagsPerResource - StandardTags.Names.Count;
        if (tags.Count > room)
        {
            reader.Error(key, $"tags has {tags.Count} entries; AWS allows {MaxTagsPerResource} tags on a resource and the stack sets {StandardTags.Names.Count}, so at most {room}");
        }

        if (reader.Errors.Count == errorsBefore)
        {
            reader.Record(key, string.Join(", ", tags.Select(tag => $"{tag.Key}={tag.Value}")), SettingSource.StackFile);
        }

        return tags;
    }
}
