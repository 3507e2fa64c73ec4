// The app's settings, read from the environment the stack starts it with (its app contract), checked all at once: the
// site, server, release and shutdown time, and the database as the Npgsql connection string ASP.NET Core's
// configuration reads (ConnectionStrings__Default).
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;

namespace WebStack.App;

/// <param name="Site">Which app of the server this process belongs to; the visits are kept per site.</param>
/// <param name="ServerId">Names the server in answers; the host name unless the server is given an id.</param>
/// <param name="Release">Which release of the app this is (the package's hash on EC2), named in every answer.</param>
/// <param name="ShutdownTimeout">How long, after SIGTERM, the requests in flight get to finish.</param>
internal sealed record AppOptions(string Site, string ServerId, string Release, TimeSpan ShutdownTimeout, DatabaseOptions Database)
{
    public const int DefaultDbPort = 5432;

    /// <summary>A process started by hand, not from a release the servers installed.</summary>
    public const string UnreleasedName = "unreleased";

    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

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

        CheckUrls(Optional(ContractVariables.Urls), found);
        var site = Optional(ContractVariables.Site) ?? ContractVariables.DefaultSite;
        if (string.IsNullOrWhiteSpace(site) || site.Any(char.IsControl))
        {
            found.Add($"{ContractVariables.Site} is \"{Printable(site)}\": it must be a site name such as \"{ContractVariables.DefaultSite}\".");
        }

        var serverId = Optional(ContractVariables.ServerId) ?? hostName;
        var release = Optional(ContractVariables.Release) ?? UnreleasedName;
        if (release.Length > 80 || !release.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+'))
        {
            found.Add($"{ContractVariables.Release} is \"{Printable(release)}\": it must be a release name of up to 80 letters, digits and . - _ +.");
        }

        var shutdown = ReadShutdown(Optional(ContractVariables.ShutdownSeconds), found);
        var database = ReadDatabase(Optional(ContractVariables.ConnectionString), found);

        problems = found;
        options = found.Count == 0 ? new AppOptions(site, serverId, release, shutdown, database!) : null;
        return options is not null;
    }

    // The connection string is the one setting of the database: every part of it is checked, and a root certificate
    // file that can't verify anything is refused (see DatabaseTrust).
    private static DatabaseOptions? ReadDatabase(string? text, List<string> found)
    {
        const string name = ContractVariables.ConnectionString;
        if (text is null)
        {
            found.Add($"{name} is not set: it must be the database's Npgsql connection string (Host=...;Database=...;Username=...;Password=...;SSL Mode=VerifyFull;Root Certificate=...).");
            return null;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException exception)
        {
            // The message names the part it couldn't read; the value itself may hold the password, so it isn't repeated.
            found.Add($"{name} is not a connection string Npgsql can read: {exception.Message}");
            return null;
        }

        var before = found.Count;
        foreach (var (part, value) in new[] { ("Host", builder.Host), ("Database", builder.Database), ("Username", builder.Username) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                found.Add($"{name} has no {part}: it must name the database's {part.ToLowerInvariant()}.");
            }
        }

        var rootCertificate = DatabaseTrust.Check(builder.SslMode, string.IsNullOrEmpty(builder.RootCertificate) ? null : builder.RootCertificate, found);
        return found.Count == before
            ? new DatabaseOptions(builder.Host!, builder.Port, builder.Database!, builder.Username!, builder.Password, builder.SslMode, rootCertificate)
            : null;
    }

    // Kestrel takes "http://127.0.0.1:abc" for a host named "127.0.0.1:abc" on port 80 and listens on every address,
    // so the addresses are checked here, strictly, and reported with the other problems.
    private static void CheckUrls(string? urls, List<string> found)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsListenAddress(url))
            {
                found.Add($"{ContractVariables.Urls} holds \"{Printable(url)}\": each address must look like http://{ContractVariables.Loopback}:5001.");
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

        found.Add($"{ContractVariables.ShutdownSeconds} is \"{Printable(text)}\": it must be a whole number of seconds from 1 to 3600.");
        return DefaultShutdownTimeout;
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
