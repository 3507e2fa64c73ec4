// The files of an app's package, read from its folder or its .tar.gz without unpacking it: what the plan checks a
// command against before anything starts ("./server is not in the package").
using System.Formats.Tar;
using System.IO.Compression;

namespace WebStack.Core.Apps;

/// <param name="Path">Relative to the package's root, with '/' separators.</param>
public sealed record PackageFile(string Path, bool Executable);

public sealed record PackageContents(IReadOnlyList<PackageFile> Files)
{
    public static PackageContents Of(string path) => Directory.Exists(path) ? OfDirectory(path) : OfArchive(path);

    public static PackageContents OfDirectory(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(file => new PackageFile(
                System.IO.Path.GetRelativePath(directory, file).Replace('\\', '/'),
                !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0))
            .OrderBy(file => file.Path, StringComparer.Ordinal)
            .ToList());

    /// <summary>A gzip-compressed tar; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static PackageContents OfArchive(string archive)
    {
        var files = new List<PackageFile>();
        using var stream = File.OpenRead(archive);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.SymbolicLink)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                files.Add(new PackageFile(name, (entry.Mode & UnixFileMode.UserExecute) != 0));
            }
        }

        return new PackageContents(files.OrderBy(file => file.Path, StringComparer.Ordinal).ToList());
    }

    public PackageFile? Find(string path) => Files.FirstOrDefault(file => file.Path == path);

    /// <summary>A few of the files, for a message: the top-level ones first.</summary>
    public string Sample(int count = 8)
    {
        var shown = Files.OrderBy(file => file.Path.Count(c => c == '/')).ThenBy(file => file.Path, StringComparer.Ordinal).Take(count).Select(file => file.Path).ToList();
        return Files.Count == 0 ? "no files" : string.Join(", ", shown) + (Files.Count > count ? $", … {Files.Count} files in all" : "");
    }
}
