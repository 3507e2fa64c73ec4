// Reads a log file another program is still writing, a piece at a time: each call returns the whole lines added since
// the last one (a line still being written waits for the next call), so a long run is read once, not again and again.
using System.Text;

namespace WebStack.Local.Topology;

public sealed class LogFollower(string path)
{
    private long _offset;
    private string _partial = "";

    public string Path { get; } = path;

    public IReadOnlyList<string> NewLines()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _offset)
        {
            // Truncated or replaced: start again from its beginning.
            _offset = 0;
            _partial = "";
        }

        stream.Seek(_offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - _offset];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        _offset += read;
        var text = _partial + Encoding.UTF8.GetString(buffer, 0, read);
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            _partial = text;
            return [];
        }

        _partial = text[(end + 1)..];
        return text[..end].Split('\n').Select(line => line.TrimEnd('\r')).ToList();
    }
}
