// Reads nginx's configuration language into directives and blocks, so tests can ask "which servers does the upstream
// list" rather than search the text. Quoted arguments come back unquoted, as nginx itself reads them.
using System.Text;

namespace WebStack.Core.Tests.Support;

internal sealed record NginxDirective(string Name, IReadOnlyList<string> Args, IReadOnlyList<NginxDirective>? Block)
{
    public IReadOnlyList<NginxDirective> Children => Block ?? [];

    public IEnumerable<NginxDirective> All(string name) => Children.Where(child => child.Name == name);

    /// <summary>The one child directive <paramref name="name"/> whose arguments start with <paramref name="args"/>.</summary>
    public NginxDirective One(string name, params string[] args)
    {
        var matches = All(name).Where(child => child.Args.Take(args.Length).SequenceEqual(args)).ToList();
        Assert.True(matches.Count == 1, $"expected one \"{name} {string.Join(' ', args)}\" in \"{this}\", found {matches.Count}");
        return matches[0];
    }

    public IReadOnlyList<string> ArgsOf(string name) => One(name).Args;

    public override string ToString() => $"{Name} {string.Join(' ', Args)}".Trim();
}

internal static class NginxConf
{
    public static NginxDirective Parse(string text)
    {
        var tokens = Tokenize(text).ToList();
        var position = 0;
        var root = new NginxDirective("", [], ParseBlock(tokens, ref position, topLevel: true));
        return root;
    }

    private static List<NginxDirective> ParseBlock(List<(string Text, bool Quoted)> tokens, ref int position, bool topLevel)
    {
        var directives = new List<NginxDirective>();
        while (position < tokens.Count)
        {
            var (text, quoted) = tokens[position];
            if (!quoted && text == "}")
            {
                Assert.False(topLevel, "a } closes no block");
                position++;
                return directives;
            }

            var words = new List<string>();
            while (true)
            {
                Assert.True(position < tokens.Count, $"the directive \"{string.Join(' ', words)}\" has no ; or {{");
                (text, quoted) = tokens[position++];
                if (!quoted && text == ";")
                {
                    directives.Add(new NginxDirective(words[0], words.Skip(1).ToList(), null));
                    break;
                }

                if (!quoted && text == "{")
                {
                    directives.Add(new NginxDirective(words[0], words.Skip(1).ToList(), ParseBlock(tokens, ref position, topLevel: false)));
                    break;
                }

                Assert.False(!quoted && text == "}", $"the directive \"{string.Join(' ', words)}\" ends with }}");
                words.Add(text);
            }
        }

        Assert.True(topLevel, "a block is never closed");
        return directives;
    }

    private static IEnumerable<(string Text, bool Quoted)> Tokenize(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '{' or '}' or ';')
            {
                yield return (c.ToString(), false);
                i++;
            }
            else if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "a quoted string is never closed");
                    if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == c || text[i + 1] == '\\'))
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == c)
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(text[i++]);
                    }
                }

                yield return (value.ToString(), true);
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';'))
                {
                    i++;
                }

                yield return (text[start..i], false);
            }
        }
    }
}
