// Writes brace-structured config text (nginx) with consistent indentation.
using System.Text;

namespace WebStack.Core.Servers;

internal sealed class ConfigWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }

        _text.Append('\n');
    }

    public void Open(string header)
    {
        Line(header + " {");
        _depth++;
    }

    public void Close()
    {
        _depth--;
        Line("}");
    }

    public override string ToString() => _text.ToString();
}
