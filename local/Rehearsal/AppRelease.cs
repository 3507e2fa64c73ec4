// A release of the app as a server runs it: its files, staged in the run's directory, and its name, which the app
// answers with (X-Release, and in / and /health). A server names its release after the package's hash; a rehearsal
// names it after a hash of the published files, so the same build gives the same name.
using System.Security.Cryptography;
using System.Text;

namespace WebStack.Local.Rehearsal;

public sealed record AppRelease(string Name, string Directory)
{
    /// <summary>The first 12 hex digits of a hash over the files' relative paths, modes and contents.</summary>
    public static string ContentName(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path))
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            var path = Path.Combine(directory, relative);
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{(int)File.GetUnixFileMode(path)}\n"));
            using var stream = File.OpenRead(path);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
