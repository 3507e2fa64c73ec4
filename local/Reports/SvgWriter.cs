// Writes SVG markup from typed values: every text and attribute is escaped for XML (characters XML cannot hold become
// U+FFFD), numbers use the invariant culture, and the output is the same bytes for the same calls.
using System.Globalization;
using System.Text;

namespace WebStack.Local.Reports;

/// <summary>An attribute value: text, or a number written the same way on every machine.</summary>
internal readonly record struct SvgValue(string Text)
{
    public static implicit operator SvgValue(string text) => new(text);

    public static implicit operator SvgValue(int number) => new(number.ToString(CultureInfo.InvariantCulture));

    public static implicit operator SvgValue(double number) => new(SvgWriter.Number(number));
}

internal sealed class SvgWriter
{
    public const string Namespace = "http://www.w3.org/2000/svg";

    private readonly StringBuilder _markup = new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private readonly Stack<string> _open = new();

    /// <summary>At most two decimals, never "-0", never a culture's decimal comma.</summary>
    public static string Number(double value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    public SvgWriter Open(string name, params ReadOnlySpan<(string Name, SvgValue Value)> attributes)
    {
        StartTag(name, attributes);
        _markup.Append(">\n");
        _open.Push(name);
        return this;
    }

    public SvgWriter Close()
    {
        var name = _open.Pop();
        Indent();
        _markup.Append("</").Append(name).Append(">\n");
        return this;
    }

    public SvgWriter Element(string name, params ReadOnlySpan<(string Name, SvgValue Value)> attributes)
    {
        StartTag(name, attributes);
        _markup.Append("/>\n");
        return this;
    }

    /// <summary>An element holding only text, e.g. &lt;text&gt; or &lt;title&gt;.</summary>
    public SvgWriter Text(string name, string content, params ReadOnlySpan<(string Name, SvgValue Value)> attributes)
    {
        StartTag(name, attributes);
        _markup.Append('>');
        Escape(content, quotes: false);
        _markup.Append("</").Append(name).Append(">\n");
        return this;
    }

    public override string ToString()
    {
        if (_open.Count > 0)
        {
            throw new InvalidOperationException($"<{_open.Peek()}> is still open");
        }

        return _markup.ToString();
    }

    private void StartTag(string name, ReadOnlySpan<(string Name, SvgValue Value)> attributes)
    {
        Indent();
        _markup.Append('<').Append(name);
        foreach (var (attribute, value) in attributes)
        {
            _markup.Append(' ').Append(attribute).Append("=\"");
            Escape(value.Text, quotes: true);
            _markup.Append('"');
        }
    }

    private void Indent() => _markup.Append(' ', 2 * _open.Count);

    private void Escape(string text, bool quotes)
    {
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            switch (character)
            {
                case '&': _markup.Append("&amp;"); break;
                case '<': _markup.Append("&lt;"); break;
                case '>': _markup.Append("&gt;"); break;
                case '"' when quotes: _markup.Append("&quot;"); break;
                case '\'' when quotes: _markup.Append("&apos;"); break;
                // Line breaks in an attribute would be normalised to spaces by any XML reader: say so now.
                case '\n' or '\r' or '\t' when quotes: _markup.Append(' '); break;
                case '\n' or '\r' or '\t': _markup.Append(character); break;
                case < ' ' or '\uFFFE' or '\uFFFF': _markup.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
                    {
                        _markup.Append(character).Append(text[++index]);
                    }
                    else
                    {
                        _markup.Append(char.IsSurrogate(character) ? '\uFFFD' : character);
                    }

                    break;
            }
        }
    }
}
