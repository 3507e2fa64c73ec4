// Writes a stack's pinned image into its Pulumi.<stack>.yaml as a text edit, not a rewrite: the `<project>:ami` entry
// of the config map is replaced (or added at its end) and every other line, its comments and its order stay as the
// user wrote them. The caller reads the result back and checks that nothing but the image changed.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Images;

public static partial class StackFileImagePin
{
    [GeneratedRegex(@"^config:[ \t]*(#.*)?$")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"^config:[ \t]*\{[ \t]*\}[ \t]*(#.*)?$")]
    private static partial Regex EmptyFlowConfigLine();

    /// <summary>
    /// <paramref name="text"/> with <paramref name="key"/> ("webstack:ami") set to <paramref name="image"/>; the comment
    /// inside the entry says when and by what it was pinned.
    /// </summary>
    /// <exception cref="FormatException">The file's config isn't a block map this edit understands.</exception>
    public static string Pin(string text, string key, PinnedImage image, string stack, DateTimeOffset now)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var configAt = lines.FindIndex(line => ConfigLine().IsMatch(line) || EmptyFlowConfigLine().IsMatch(line));
        if (configAt < 0)
        {
            if (lines.Any(line => line.StartsWith("config:", StringComparison.Ordinal)))
            {
                throw new FormatException("its config is written in flow style (config: {...}) on one line; write it as a block map (one key per line) to let the image be pinned into it");
            }

            lines.Add("config:");
            configAt = lines.Count - 1;
        }
        else if (EmptyFlowConfigLine().IsMatch(lines[configAt]))
        {
            lines[configAt] = "config:";
        }

        var end = BlockEnd(lines, configAt);
        var indent = EntryIndent(lines, configAt, end) ?? "  ";
        var entry = Entry(indent, key, image, stack, now);
        var existing = FindEntry(lines, configAt, end, indent, key);
        if (existing is { } at)
        {
            var after = at + 1;
            while (after < end && (IsDeeper(lines[after], indent) || (lines[after].Trim().Length == 0 && after + 1 < end && IsDeeper(lines[after + 1], indent))))
            {
                after++;
            }

            lines.RemoveRange(at, after - at);
            lines.InsertRange(at, entry);
        }
        else
        {
            // After the map's last entry line, before any blank lines or column-0 comments that end the file.
            var last = configAt;
            for (var i = configAt + 1; i < end; i++)
            {
                if (lines[i].Trim().Length > 0 && IsDeeper(lines[i], ""))
                {
                    last = i;
                }
            }

            lines.InsertRange(last + 1, entry);
        }

        return string.Join(newline, lines) + newline;
    }

    /// <summary>The YAML lines of the entry, indented by <paramref name="indent"/> under config.</summary>
    public static IReadOnlyList<string> Entry(string indent, string key, PinnedImage image, string stack, DateTimeOffset now)
    {
        var inner = indent + indent;
        var lines = new List<string>
        {
            $"{indent}{key}:",
            $"{inner}# {(image.Release is { } release ? $"Amazon Linux {release}" : "the servers' image")}, pinned by `webstack ami update {stack}` on {now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            $"{inner}id: {image.Id}",
        };
        if (image.Name is { } name)
        {
            lines.Add($"{inner}name: {Quoted(name)}");
        }

        if (image.Created is { } created)
        {
            lines.Add($"{inner}created: {Quoted(created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}");
        }

        return lines;
    }

    /// <summary>A YAML double-quoted scalar: only backslash, the quote and control characters need escapes.</summary>
    public static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var character in value)
        {
            text.Append(character switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ when char.IsControl(character) => $"\\u{(int)character:x4}",
                _ => character.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    // The config map runs to the next line at column 0 that isn't blank or a comment.
    private static int BlockEnd(List<string> lines, int configAt)
    {
        for (var i = configAt + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '#')
            {
                return i;
            }
        }

        return lines.Count;
    }

    private static string? EntryIndent(List<string> lines, int configAt, int end)
    {
        for (var i = configAt + 1; i < end; i++)
        {
            var trimmed = lines[i].TrimStart(' ');
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                if (lines[i].StartsWith('\t'))
                {
                    throw new FormatException($"line {i + 1} is indented with a tab, which YAML doesn't allow");
                }

                return lines[i][..(lines[i].Length - trimmed.Length)];
            }
        }

        return null;
    }

    private static int? FindEntry(List<string> lines, int configAt, int end, string indent, string key)
    {
        var forms = new[] { $"{indent}{key}:", $"{indent}\"{key}\":", $"{indent}'{key}':" };
        for (var i = configAt + 1; i < end; i++)
        {
            if (forms.Any(form => lines[i].StartsWith(form, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsDeeper(string line, string indent) =>
        line.Length > indent.Length && line.StartsWith(indent, StringComparison.Ordinal) && (line[indent.Length] == ' ' || line[indent.Length] == '\t');
}
