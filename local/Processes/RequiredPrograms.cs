// The programs the rehearsals run, where to find them and which Debian package has each. On a Debian or Ubuntu
// machine run as root, missing ones are installed (without starting their system services); elsewhere the error
// says exactly what to install.
namespace WebStack.Local.Processes;

public sealed record RequiredProgram(string Name, string DebianPackage, IReadOnlyList<string> Candidates)
{
    public static RequiredProgram Nginx { get; } = new("nginx", "nginx", ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"]);

    public static RequiredProgram Postgres { get; } = new("postgres", "postgresql", PostgresCandidates("postgres"));

    public static RequiredProgram InitDb { get; } = new("initdb", "postgresql", PostgresCandidates("initdb"));

    public static RequiredProgram CreateDb { get; } = new("createdb", "postgresql-client", PostgresCandidates("createdb"));

    public static RequiredProgram PgIsReady { get; } = new("pg_isready", "postgresql-client", PostgresCandidates("pg_isready"));

    /// <summary>The benchmark's load on the database alone.</summary>
    public static RequiredProgram PgBench { get; } = new("pgbench", "postgresql", PostgresCandidates("pgbench"));

    public static RequiredProgram HaProxy { get; } = new("haproxy", "haproxy", ["/usr/sbin/haproxy"]);

    public static RequiredProgram Wrk { get; } = new("wrk", "wrk", ["/usr/bin/wrk"]);

    public static RequiredProgram Ip { get; } = new("ip", "iproute2", ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"]);

    public static RequiredProgram Nft { get; } = new("nft", "nftables", ["/usr/sbin/nft", "/sbin/nft"]);

    public static RequiredProgram Curl { get; } = new("curl", "curl", ["/usr/bin/curl"]);

    public static RequiredProgram Setpriv { get; } = new("setpriv", "util-linux", ["/usr/bin/setpriv", "/bin/setpriv"]);

    public static RequiredProgram Dotnet { get; } = new("dotnet", "dotnet-sdk-10.0", []);

    /// <summary>The PostgreSQL client the release phase's script talks to the database with.</summary>
    public static RequiredProgram Psql { get; } = new("psql", "postgresql-client", ["/usr/bin/psql", .. PostgresCandidates("psql")]);

    /// <summary>What a jar app runs with here (the servers install Amazon Corretto).</summary>
    public static RequiredProgram Java { get; } = new("java", "default-jre-headless", ["/usr/bin/java"]);

    // Debian keeps the server programs in a versioned directory, off PATH; prefer the newest version.
    private static IReadOnlyList<string> PostgresCandidates(string program) =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(dir => Path.Combine(dir, "bin", program))
            : []).ToList();

    private static int VersionOf(string directory) => int.TryParse(Path.GetFileName(directory), out var version) ? version : 0;

    /// <summary>The program's path: a known location first, then PATH; null when it isn't installed.</summary>
    public string? Find()
    {
        foreach (var candidate in Candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, Name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public string Require() => Find() ?? throw new UserFacingException(
        $"{Name} is not installed; install the {DebianPackage} package (sudo apt-get install {DebianPackage}) and run this again");
}

public static class ProgramInstaller
{
    /// <summary>
    /// Makes sure every program is there. Installs missing ones with apt-get when this runs as root on a machine that
    /// has it; otherwise one error lists them all with the command that installs them.
    /// </summary>
    public static async Task EnsureAsync(IEnumerable<RequiredProgram> programs, TextWriter progress)
    {
        var missing = programs.Where(program => program.Find() is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = missing.Select(program => program.DebianPackage).Distinct().Order(StringComparer.Ordinal).ToList();
        var names = string.Join(", ", missing.Select(program => program.Name));
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get") || missing.Any(program => program == RequiredProgram.Dotnet))
        {
            throw new UserFacingException($"missing {names}. On Debian or Ubuntu: sudo apt-get install {string.Join(' ', packages)}; "
                + "elsewhere install nginx, PostgreSQL (server and client) and, for the topology, haproxy, iproute2 and nftables");
        }

        progress.WriteLine($"installing {string.Join(' ', packages)} (missing {names})...");
        await PackageInstall.AptGetAsync(packages);
        var stillMissing = missing.Where(program => program.Find() is null).Select(program => program.Name).ToList();
        if (stillMissing.Count > 0)
        {
            throw new UserFacingException($"apt-get installed {string.Join(' ', packages)} but {string.Join(", ", stillMissing)} is still missing");
        }
    }
}

internal static class PackageInstall
{
    private const string PolicyPath = "/usr/sbin/policy-rc.d";

    /// <summary>apt-get install, with a policy-rc.d that keeps the packages' services (nginx on port 80, a system PostgreSQL) from starting.</summary>
    public static async Task AptGetAsync(IReadOnlyList<string> packages)
    {
        var ownPolicy = !File.Exists(PolicyPath);
        if (ownPolicy)
        {
            await File.WriteAllTextAsync(PolicyPath, "#!/bin/sh\n# webstack: don't start services while installing packages\nexit 101\n");
            File.SetUnixFileMode(PolicyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        try
        {
            var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            await ProgramRunner.RunCheckedAsync(CommandSpec.Of("apt-get", "update", "-q") with { Environment = environment }, "apt-get update", timeout: TimeSpan.FromMinutes(10));
            await ProgramRunner.RunCheckedAsync(
                new CommandSpec("apt-get", ["install", "-y", "-q", "--no-install-recommends", .. packages]) { Environment = environment },
                $"apt-get install {string.Join(' ', packages)}", timeout: TimeSpan.FromMinutes(20));
        }
        finally
        {
            if (ownPolicy)
            {
                File.Delete(PolicyPath);
            }
        }
    }
}
