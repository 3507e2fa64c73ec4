// Text from data, made to fit a chart: one line, cut with an ellipsis at a length that still reads, and an estimate
// of how wide it is drawn (the SVG is laid out without the fonts, so widths are guessed on the generous side).
using System.Globalization;
using System.Text;

namespace WebStack.Local.Reports;

internal static class ChartText
{

    /// <summary>Whitespace runs become one space; longer than <paramref name="maximum"/> characters, the end becomes "…".</summary>
    public static string Shorten(string? text, int maximum)
    {
        var line = new StringBuilder();
        foreach (var character in (text ?? "").Trim())
        {
            if (char.IsWhiteSpace(character))
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(character);
            }
        }

        var single = line.ToString();
        var characters = new StringInfo(single);
        return characters.LengthInTextElements <= maximum
            ? single
            : characters.SubstringByTextElements(0, maximum - 1).TrimEnd() + "…";
    }

    /// <summary>The advances of DejaVu Sans (what a Linux viewer falls back to, and wider than Helvetica, Arial or Segoe
    /// UI), per pixel of font size, by kind of character: a little over, never under.</summary>
    /// <summary><see cref="Shorten"/>, and shorter still until it fits <paramref name="width"/> pixels.</summary>
    public static string Fit(string? text, int maximum, double fontSize, double width)
    {
        var line = Shorten(text, maximum);
        for (var length = new StringInfo(line).LengthInTextElements - 1; length > 1 && Width(line, fontSize) > width; length--)
        {
            line = Shorten(line, length);
        }

        return line;
    }

    public static double Width(string text, double fontSize)
    {
        var width = 0.0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var first = elements.GetTextElement()[0];
            width += first switch
            {
                'i' or 'j' or 'l' or 'I' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or ' ' => 0.33,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' or '/' or '"' => 0.42,
                'm' or 'w' or 'M' or 'W' or '@' or '%' or '&' => 0.95,
                '<' or '>' or '=' or '+' or '~' or '#' => 0.86,
                >= 'A' and <= 'Z' => 0.76,
                < '\u0080' => 0.64,
                // Arrows, the ellipsis, CJK and the like: about a square each.
                _ => 1.0,
            };
        }

        return width * fontSize;
    }
}
