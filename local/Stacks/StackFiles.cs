// Finds the Pulumi project (Pulumi.yaml) and reads a stack's file (Pulumi.<stack>.yaml) the way Pulumi does: the
// "config" map of "<namespace>:<key>" values, where lists and maps are structured values and "secure:" marks a secret.
using System.Text.Json;
using WebStack.Core.Naming;
using WebStack.Core.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WebStack.Local.Stacks;

public sealed record StackFiles(string ProjectDirectory, string ProjectName)
{
    public const string ProjectFileName = "Pulumi.yaml";

    /// <summary>The project in <paramref name="start"/> or the nearest directory above it that holds a Pulumi.yaml.</summary>
    public static StackFiles Find(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            var projectFile = Path.Combine(directory.FullName, ProjectFileName);
            if (File.Exists(projectFile))
            {
                return new StackFiles(directory.FullName, ReadProjectName(projectFile));
            }
        }

        throw new UserFacingException($"no {ProjectFileName} in {Path.GetFullPath(start)} or above it; run this inside the project (the directory with {ProjectFileName})");
    }

    public string StackFilePath(string stack) => Path.Combine(ProjectDirectory, $"Pulumi.{stack}.yaml");

    public IReadOnlyList<string> StackNames() =>
        Directory.EnumerateFiles(ProjectDirectory, "Pulumi.*.yaml")
            .Select(path => Path.GetFileName(path)["Pulumi.".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The stack's configuration; a stack without a file has an empty one (every setting at its default).</summary>
    public StackConfig Read(string stack)
    {
        // Checked before the name becomes part of a path; the settings check the same rule for the Pulumi program.
        if (NameCheck.StackNameProblem(stack) is { } problem)
        {
            throw new UserFacingException(problem);
        }

        var path = StackFilePath(stack);
        if (!File.Exists(path))
        {
            var known = StackNames();
            throw new UserFacingException($"there is no {Path.GetFileName(path)} in {ProjectDirectory}; "
                + (known.Count == 0 ? "create one" : $"the stacks here are: {string.Join(", ", known)}")
                + $" (an empty file gives every setting its default)");
        }

        return new StackConfig(ProjectName, stack, ReadConfig(path));
    }

    private static string ReadProjectName(string path)
    {
        var root = LoadMapping(path);
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("name"), out var name) || name is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            throw new UserFacingException($"{path} has no project name (name: ...)");
        }

        return text;
    }

    internal static Dictionary<string, ConfigValue> ReadConfig(string path)
    {
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        var root = LoadMapping(path);
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode))
        {
            return values;
        }

        if (configNode is not YamlMappingNode config)
        {
            throw new UserFacingException($"{path}: \"config\" must be a map of key: value");
        }

        foreach (var (keyNode, valueNode) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            values[key] = valueNode switch
            {
                YamlMappingNode secure when IsSecure(secure) => ConfigValue.UnreadableSecret,
                YamlScalarNode scalar => ConfigValue.Plain(scalar.Value ?? ""),
                _ => ConfigValue.Plain(ToJson(valueNode)),
            };
        }

        return values;
    }

    // Pulumi writes a secret as { secure: <ciphertext> }; the plan has no key to decrypt it, and needs none.
    private static bool IsSecure(YamlMappingNode node) =>
        node.Children.Count == 1 && node.Children.ContainsKey(new YamlScalarNode("secure"));

    private static YamlMappingNode? LoadMapping(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            throw new UserFacingException($"{path} is not valid YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new UserFacingException($"{path} must hold a YAML map at the top");
    }

    /// <summary>Structured values become JSON, as Pulumi hands them to a program.</summary>
    private static string ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, node);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    WriteJson(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new UserFacingException($"unsupported YAML value at line {node.Start.Line}");
        }
    }

    // Plain scalars keep their YAML type (numbers, booleans) so "processes: 2" reads as a number.
    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style == ScalarStyle.Plain)
        {
            if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                writer.WriteNumberValue(number);
                return;
            }

            if (text is "true" or "false")
            {
                writer.WriteBooleanValue(text == "true");
                return;
            }
        }

        writer.WriteStringValue(text);
    }
}
