// Quoting for the three languages the server bootstrap is written in (bash, nginx, systemd). Every value that
// reaches a rendered file passes through one of these, so no value can change the file's meaning.
using System.Text;

namespace WebStack.Core.Servers;

public static class ConfigText
{
    /// <summary>A bash word: single-quoted, with embedded single quotes closed, escaped and reopened.</summary>
    public static string Bash(string value)
    {
        RejectControlCharacters(value, "a shell value");
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// An nginx string argument, double-quoted. '$' is refused: nginx would expand it as a variable in the
    /// directives that take paths.
    /// </summary>
    public static string Nginx(string value)
    {
        RejectControlCharacters(value, "an nginx value");
        if (value.Contains('$'))
        {
            throw new ArgumentException($"\"{value}\" contains '$', which nginx would read as a variable", nameof(value));
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// One word of a systemd command line (ExecStart=): double-quoted with C-style escapes, '%' doubled so systemd
    /// doesn't read it as a specifier and '$' doubled so it isn't expanded as a variable.
    /// </summary>
    public static string SystemdWord(string value) => SystemdQuoted(value, escapeDollar: true);

    /// <summary>An Environment= assignment, "NAME=value" quoted as one word; '$' has no meaning there, '%' does.</summary>
    public static string SystemdAssignment(string name, string value) => SystemdQuoted($"{name}={value}", escapeDollar: false);

    /// <summary>
    /// A path in a unit setting that takes one path (WorkingDirectory=, EnvironmentFile=). '$' is refused too: the
    /// app's executable, under the app directory, starts ExecStart=, where systemd takes the program's path literally
    /// and would not turn SystemdWord's "$$" back into "$".
    /// </summary>
    public static string SystemdPath(string value)
    {
        RejectControlCharacters(value, "a systemd path");
        if (!value.StartsWith('/') || value.Any(c => c is ' ' or '"' or '\\' or '%' or '$'))
        {
            throw new ArgumentException($"\"{value}\" must be an absolute path without spaces, quotes, backslashes, $ or %", nameof(value));
        }

        return value;
    }

    private static string SystemdQuoted(string value, bool escapeDollar)
    {
        RejectControlCharacters(value, "a systemd value");
        var escaped = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '%' => "%%",
                '$' when escapeDollar => "$$",
                _ => c.ToString(),
            });
        }

        return escaped.Append('"').ToString();
    }

    private static void RejectControlCharacters(string value, string what)
    {
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"{what} may not contain control characters (newlines, tabs): \"{value.Replace("\n", "\\n")}\"");
        }
    }
}
