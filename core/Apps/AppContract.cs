// The contract between the stack and an app: what every process of it gets in its environment, whatever it is built
// with. An unmodified ASP.NET Core app or Spring Boot jar binds where nginx expects it and finds its database; the
// README's "What your app gets" section is this list, and a test keeps the two equal.
namespace WebStack.Core.Apps;

public static class AppContract
{
    /// <summary>Every app listens on loopback only: nginx on the same server is its one client.</summary>
    public const string Loopback = "127.0.0.1";

    public const string Port = "PORT";
    public const string AspNetCoreUrls = "ASPNETCORE_URLS";
    public const string SpringServerPort = "SERVER_PORT";
    public const string SpringServerAddress = "SERVER_ADDRESS";
    public const string Site = "WEBSTACK_SITE";
    public const string ServerId = "WEBSTACK_SERVER_ID";
    public const string Release = "WEBSTACK_RELEASE";
    public const string ShutdownSeconds = "WEBSTACK_SHUTDOWN_SECONDS";
    public const string StateDirectory = "STATE_DIRECTORY";
    public const string Home = "HOME";

    /// <summary>One variable of the contract: its name, what its value looks like, and what it is for.</summary>
    public sealed record Variable(string Name, string Example, string Meaning);

    /// <summary>The variables of one process, database included, in the order the README lists them.</summary>
    public static IReadOnlyList<Variable> Variables { get; } =
    [
        new(Port, "5001", "the port to bind, on 127.0.0.1 only; each process of a site has its own (appBasePort and up)"),
        new(AspNetCoreUrls, "http://127.0.0.1:5001", "the same for ASP.NET Core, which binds there without code (it takes precedence over ASPNETCORE_HTTP_PORTS, which would bind every address)"),
        new(SpringServerPort, "5001", "the same for Spring Boot (server.port)"),
        new(SpringServerAddress, "127.0.0.1", "Spring Boot's bind address (server.address)"),
        .. DatabaseEnvironment.Variables,
        new(Site, "default", "the site this process serves: default, or the name of one of sites"),
        new(Release, "5e60a2ca0851", "the release: the start of the package's SHA-256"),
        new(ServerId, "i-0abc123def4567890", "the server: its EC2 instance id (the host's name in the rehearsals)"),
        new(ShutdownSeconds, "30", "seconds the app has after SIGTERM to finish its requests; systemd kills it 5 s later"),
        new(StateDirectory, "/var/lib/webstack/default", "the one folder the app may write to (kept across restarts and releases, not across servers); /tmp is private to each process"),
        new(Home, "/var/lib/webstack/default", "the same folder, for runtimes that keep files under the home directory (ASP.NET Core's data protection keys, Java's preferences)"),
    ];

    /// <summary>Names an app's own env or secrets can't take: the stack sets them.</summary>
    public static IReadOnlySet<string> ReservedNames { get; } = Variables.Select(variable => variable.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The state folder of <paramref name="site"/> on a server: systemd's StateDirectory=webstack/&lt;site&gt;.</summary>
    public static string StateDirectoryOf(string site) => $"/var/lib/webstack/{site}";
}
