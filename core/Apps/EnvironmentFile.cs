// systemd's EnvironmentFile= syntax, as the servers' env files are written: one NAME="value" per variable, the value in
// double quotes with the four characters a POSIX shell's double quotes treat specially (\ " $ `) escaped, which is
// how systemd (since 240, AL2023 has 252) parses a double-quoted value. Any value but one holding NUL fits, newlines
// included, so a secret is carried as it is rather than refused or mangled.
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Apps;

public static partial class EnvironmentFile
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex NamePattern();

    public static bool IsName(string name) => NamePattern().IsMatch(name);

    /// <summary>The file's text for <paramref name="variables"/>, in their order.</summary>
    public static string Render(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            text.Append(Line(name, value)).Append('\n');
        }

        return text.ToString();
    }

    public static string Line(string name, string value)
    {
        if (!IsName(name))
        {
            throw new ArgumentException($"\"{name}\" is not an environment variable name (letters, digits and _, not starting with a digit)", nameof(name));
        }

        if (value.Contains('\0'))
        {
            throw new ArgumentException($"the value of {name} holds a NUL character, which no environment variable can", nameof(value));
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"' or '$' or '`')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return $"{name}={quoted.Append('"')}";
    }

    /// <summary>
    /// The same quoting as a jq function, q, for the user data: a value becomes "..." with \ " $ ` escaped. jq holds
    /// strings as UTF-8 JSON, so a NUL (\u0000 in the secret's JSON) is the one character refused.
    /// </summary>
    public const string JqQuoteDefinition =
        """def q: tostring | if test("\u0000") then error("a NUL character in a secret value") else "\"" + gsub("(?<c>[\\\\\"$`])"; "\\\(.c)") + "\"" end;""";
}
