// The app's settings, read from the environment the servers start it with (see AppEnvironment), checked all at once.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;
using WebStack.Core.Servers;

namespace WebStack.App;

/// <param name="Site">Which app of the server this process belongs to; the visit counter is kept per site.</param>
/// <param name="ServerId">Names the server in answers; the host name unless the server is given an id.</param>
/// <param name="Release">Which release of the app this is (the package's hash on EC2), named in every answer.</param>
/// <param name="ShutdownTimeout">How long, after SIGTERM, the requests in flight get to finish.</param>
internal sealed record AppOptions(string Site, string ServerId, string Release, TimeSpan ShutdownTimeout, DatabaseOptions Database)
{
    public const int DefaultDbPort = 5432;

    /// <summary>A process started by hand, not from a release the servers installed.</summary>
    public const string UnreleasedName = "unreleased";

    public static readonly TimeSpan DefaultShutdownTimeout = ProcessSupervision.Default.GracefulShutdown;
    public const SslMode DefaultSslMode = SslMode.Prefer;

    /// <summary>
    /// Reads every setting and collects every problem, so a misconfigured server is fixed in one go rather than one
    /// restart per mistake.
    /// </summary>
    public static bool TryRead(
        Func<string, string?> variable,
        string hostName,
        [NotNullWhen(true)] out AppOptions? options,
        out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        string? Optional(string name) => variable(name) is { Length: > 0 } value ? value : null;
        string Required(string name, string meaning)
        {
            var value = Optional(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                found.Add($"{name} is not set: it must name {meaning}.");
                return "";
            }

            return value;
        }

        CheckUrls(Optional(AppEnvironment.Urls), found);
        var site = Optional(AppEnvironment.Site) ?? AppSite.DefaultName;
        if (string.IsNullOrWhiteSpace(site) || site.Any(char.IsControl))
        {
            found.Add($"{AppEnvironment.Site} is \"{Printable(site)}\": it must be a site name such as \"{AppSite.DefaultName}\".");
        }

        var serverId = Optional(AppEnvironment.ServerId) ?? hostName;
        var release = Optional(AppEnvironment.Release) ?? UnreleasedName;
        if (release.Length > 80 || !release.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+'))
        {
            found.Add($"{AppEnvironment.Release} is \"{Printable(release)}\": it must be a release name of up to 80 letters, digits and . - _ +.");
        }

        var shutdown = ReadShutdown(Optional(AppEnvironment.ShutdownSeconds), found);
        var host = Required(AppEnvironment.DbHost, "the database server (host name or address)");
        var port = ReadPort(Optional(AppEnvironment.DbPort), found);
        var name = Required(AppEnvironment.DbName, "the database");
        var user = Required(AppEnvironment.DbUser, "the database user");
        var sslMode = ReadSslMode(Optional(AppEnvironment.DbSslMode), found);
        var rootCertificate = DatabaseTrust.Check(sslMode, Optional(AppEnvironment.DbSslRootCert), found);

        problems = found;
        options = found.Count == 0
            ? new AppOptions(site, serverId, release, shutdown,
                new DatabaseOptions(host, port, name, user, Optional(AppEnvironment.DbPassword), sslMode, rootCertificate))
            : null;
        return options is not null;
    }

    // Kestrel takes "http://127.0.0.1:abc" for a host named "127.0.0.1:abc" on port 80 and listens on every address,
    // so the addresses are checked here, strictly, and reported with the other problems.
    private static void CheckUrls(string? urls, List<string> found)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsListenAddress(url))
            {
                found.Add($"{AppEnvironment.Urls} holds \"{Printable(url)}\": each address must look like http://{AppEnvironment.Loopback}:5001.");
            }
        }
    }

    private static bool IsListenAddress(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        // Plain http only: the app has no certificate, and TLS ends at the load balancer anyway.
        return address.Scheme == Uri.UriSchemeHttp
            && (address.IsUnixPipe
                || (address.Port is >= 1 and <= 65535
                    && (address.Host is "*" or "+" || Uri.CheckHostName(address.Host.Trim('[', ']')) != UriHostNameType.Unknown)));
    }

    private static int ReadPort(string? text, List<string> found)
    {
        if (text is null)
        {
            return DefaultDbPort;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        found.Add($"{AppEnvironment.DbPort} is \"{Printable(text)}\": it must be a port number from 1 to 65535 (PostgreSQL's is {DefaultDbPort}).");
        return DefaultDbPort;
    }

    private static TimeSpan ReadShutdown(string? text, List<string> found)
    {
        if (text is null)
        {
            return DefaultShutdownTimeout;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        found.Add($"{AppEnvironment.ShutdownSeconds} is \"{Printable(text)}\": it must be a whole number of seconds from 1 to 3600.");
        return DefaultShutdownTimeout;
    }

    private static SslMode ReadSslMode(string? text, List<string> found)
    {
        if (text is null)
        {
            return DefaultSslMode;
        }

        // libpq spells the modes verify-ca and verify-full; Npgsql's enum has no dash. Digits are refused because
        // Enum.TryParse would take "7" as a mode.
        var name = text.Replace("-", "", StringComparison.Ordinal);
        if (!name.Any(char.IsDigit) && Enum.TryParse<SslMode>(name, ignoreCase: true, out var mode) && Enum.IsDefined(mode))
        {
            return mode;
        }

        var allowed = string.Join(", ", Enum.GetNames<SslMode>());
        found.Add($"{AppEnvironment.DbSslMode} is \"{Printable(text)}\": it must be one of {allowed}.");
        return DefaultSslMode;
    }

    // A value quoted back in an error must not be able to break the log line it's written on.
    private static string Printable(string value) => new(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <param name="Password">null when the server doesn't ask for one (trust or peer authentication locally).</param>
/// <param name="RootCertificate">PEM file of the authorities the database's certificate must chain to (verify-ca, verify-full).</param>
internal sealed record DatabaseOptions(string Host, int Port, string Name, string User, string? Password, SslMode SslMode, string? RootCertificate = null)
{
    /// <summary>The database's certificate is checked: against the root certificates, and for verify-full the host name too.</summary>
    public bool VerifiesCertificate => SslMode is SslMode.VerifyCA or SslMode.VerifyFull;

    // Keeps the password out of logs and exception messages that print the record.
    public override string ToString() =>
        $"{User}@{Host}:{Port}/{Name} (ssl {SslMode}{(RootCertificate is null ? "" : $", trusting {RootCertificate}")})";
}
