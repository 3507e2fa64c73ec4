// The environment an app process (or its release command) is started with, from the contract (AppContract): its port
// in every framework's spelling, the site, the release, the shutdown time, the state folder, and the app's own plain
// variables. The database's variables and the secrets come from root-only env files (see ServerLayout), never from
// here: these values are in the units, which anyone who can read the launch template sees.
using System.Globalization;
using WebStack.Core.Apps;

namespace WebStack.Core.Servers;

public static class AppEnvironment
{
    /// <summary>The app listens on loopback only: nginx is its one client.</summary>
    public const string Loopback = AppContract.Loopback;

    /// <summary>
    /// What each process of <paramref name="site"/> gets besides the database settings and secrets. <paramref name="port"/>
    /// is text so a systemd template can pass its instance specifier (%i).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForProcess(AppSite site, string port, string release, string stateDirectory,
        ProcessSupervision? supervision = null) =>
    [
        new(AppContract.Port, port),
        new(AppContract.AspNetCoreUrls, $"http://{Loopback}:{port}"),
        new(AppContract.SpringServerPort, port),
        new(AppContract.SpringServerAddress, Loopback),
        .. ForRelease(site, release, stateDirectory, supervision),
    ];

    /// <summary>What the release command gets: the same as a process, without a port (it serves nothing).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForRelease(AppSite site, string release, string stateDirectory, ProcessSupervision? supervision = null)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new(AppContract.Site, site.Name),
            new(AppContract.Release, release),
            new(AppContract.ShutdownSeconds, ProcessSupervision.Seconds((supervision ?? ProcessSupervision.Default).GracefulShutdown)),
            new(AppContract.StateDirectory, stateDirectory),
            new(AppContract.Home, stateDirectory),
        };

        // Runtime defaults for several processes sharing one server; an app's own env may set them otherwise.
        foreach (var (name, value) in RuntimeDefaults.Where(pair => !site.App.Environment.ContainsKey(pair.Key)))
        {
            variables.Add(new(name, value));
        }

        variables.AddRange(site.App.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        return variables;
    }

    /// <summary>Workstation GC keeps each .NET process's heap small; no first-run banner in the journal.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RuntimeDefaults { get; } =
    [
        new("DOTNET_gcServer", "0"),
        new("DOTNET_NOLOGO", "1"),
    ];

    /// <summary>The port as text, as the rehearsals pass it (systemd passes its %i).</summary>
    public static string PortText(int port) => port.ToString(CultureInfo.InvariantCulture);
}
