// The environment variables an app process is started with: the contract between the servers and the app.
namespace WebStack.Core.Servers;

public static class AppEnvironment
{
    public const string Urls = "ASPNETCORE_URLS";
    public const string Site = "WEBSTACK_SITE";
    public const string ServerId = "WEBSTACK_SERVER_ID";
    public const string DbHost = "WEBSTACK_DB_HOST";
    public const string DbPort = "WEBSTACK_DB_PORT";
    public const string DbName = "WEBSTACK_DB_NAME";
    public const string DbUser = "WEBSTACK_DB_USER";
    public const string DbPassword = "WEBSTACK_DB_PASSWORD";
    public const string DbSslMode = "WEBSTACK_DB_SSLMODE";

    /// <summary>PEM file of the certificate authorities the database's certificate must chain to (verify-ca, verify-full).</summary>
    public const string DbSslRootCert = "WEBSTACK_DB_SSLROOTCERT";

    /// <summary>Which release of the app runs (the package's hash on EC2); the app names it in its answers.</summary>
    public const string Release = "WEBSTACK_RELEASE";

    /// <summary>Seconds the app gives the requests in flight after SIGTERM before it exits.</summary>
    public const string ShutdownSeconds = "WEBSTACK_SHUTDOWN_SECONDS";

    /// <summary>The app listens on loopback only: nginx is its one client.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>
    /// What each process of <paramref name="site"/> gets besides the database settings. <paramref name="port"/> is
    /// text so a systemd template can pass its instance specifier (%i).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForProcess(AppSite site, string port, ProcessSupervision? supervision = null) =>
    [
        new(Urls, $"http://{Loopback}:{port}"),
        new(Site, site.Name),
        new(ShutdownSeconds, ProcessSupervision.Seconds((supervision ?? ProcessSupervision.Default).GracefulShutdown)),
        // Several processes share one server: workstation GC keeps each one's heap small.
        new("DOTNET_gcServer", "0"),
        new("DOTNET_NOLOGO", "1"),
    ];
}
