// A release of an app as a server runs it: its files, staged in the run's directory, how its processes start, and its
// name, which the app is told (WEBSTACK_RELEASE) and which the sample answers with. A server names its release after
// the package's hash; a rehearsal names it after a hash of the staged files, so the same build gives the same name.
using System.Security.Cryptography;
using System.Text;
using WebStack.Core.Apps;

namespace WebStack.Local.Rehearsal;

public sealed record AppRelease(string Name, string Directory, AppCommand Start)
{
    public AppLaunch Launch => new(Name, Start);

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

/// <summary>What one server runs: each site's release (sites without an app of their own share the default site's).</summary>
public sealed record ServerRelease(IReadOnlyDictionary<string, AppRelease> Sites)
{
    public AppRelease For(string site) => Sites[site];

    /// <summary>The server's releases in a word: the default site's name, with the other sites' own after a '+'.</summary>
    public string Name => string.Join('+', Sites.Values.Select(release => release.Name).Distinct());

    public bool SameAs(ServerRelease other) => Name == other.Name;
}
