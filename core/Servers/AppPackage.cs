// The published app as it travels to the servers: a tar.gz whose bytes depend only on the files in it, so the same
// build always has the same hash and a new build (a new hash) rolls the fleet.
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace WebStack.Core.Servers;

public sealed record AppPackage(string Path, string Sha256)
{
    /// <summary>The release's name on the servers and in the app's answers: the start of the package's hash.</summary>
    public string ReleaseName => ReleaseNameOf(Sha256);

    public static string ReleaseNameOf(string sha256) => sha256[..Math.Min(12, sha256.Length)];

    /// <summary>
    /// S3 key of the package of the app <paramref name="owner"/> (a site) runs: named by its hash, so every build is a
    /// new object and old ones stay for rollbacks, and by its owner, so two apps that happen to build alike keep their own.
    /// </summary>
    public string ObjectKeyFor(string owner) => ObjectKeyOf(owner, Sha256);

    public static string ObjectKeyOf(string owner, string sha256) => $"app/{owner}/{sha256}.tar.gz";

    /// <summary>
    /// Every package <paramref name="owner"/> ever had (an S3 resource pattern): what its servers may read, so a server
    /// of the release before, launched after a deploy failed, still gets its package once the role knows the new one.
    /// </summary>
    public static string ObjectKeysOf(string owner) => $"app/{owner}/*";

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Packs <paramref name="publishDirectory"/> (an app as it runs: a publish, a jar and its static files) into <paramref name="packagePath"/>.</summary>
    public static AppPackage Create(string publishDirectory, string packagePath)
    {
        if (!Directory.Exists(publishDirectory))
        {
            throw new DirectoryNotFoundException($"no app to pack: {publishDirectory} does not exist");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(packagePath))!);
        using (var file = File.Create(packagePath))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: false))
        {
            var files = Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories)
                .Select(path => System.IO.Path.GetRelativePath(publishDirectory, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal);
            foreach (var relative in files)
            {
                var source = System.IO.Path.Combine(publishDirectory, relative);
                var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(source) & UnixFileMode.UserExecute) != 0;
                var entry = new GnuTarEntry(TarEntryType.RegularFile, relative)
                {
                    ModificationTime = FixedTime,
                    AccessTime = FixedTime,
                    ChangeTime = FixedTime,
                    Mode = executable
                        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    Uid = 0,
                    Gid = 0,
                    UserName = "root",
                    GroupName = "root",
                    DataStream = File.OpenRead(source),
                };
                tar.WriteEntry(entry);
                entry.DataStream.Dispose();
            }
        }

        return new AppPackage(packagePath, HashOf(packagePath));
    }

    /// <summary>A package built earlier (by CI, say), named by the hash of its bytes.</summary>
    public static AppPackage FromFile(string path) =>
        File.Exists(path) ? new AppPackage(path, HashOf(path)) : throw new FileNotFoundException($"no app package at {path}", path);

    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
