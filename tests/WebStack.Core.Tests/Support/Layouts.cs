// Server layouts for tests: everything under a temp directory, nginx on loopback, so the real tools can run them.
using System.Net;
using System.Net.Sockets;
using WebStack.Core.Servers;

namespace WebStack.Core.Tests.Support;

internal static class Layouts
{
    public const string SystemMimeTypes = "/etc/nginx/mime.types";

    /// <summary>A layout whose every path is under <paramref name="root"/>; the directories are created.</summary>
    public static ServerLayout Local(string root, int listenPort, IReadOnlyList<IPNetwork>? trustedProxies = null)
    {
        var layout = OnPaper(root, listenPort, trustedProxies);
        var nginx = Path.GetDirectoryName(layout.NginxConfigPath)!;
        Directory.CreateDirectory(nginx);
        Directory.CreateDirectory(Path.Combine(layout.SiteDirectory(AppSite.DefaultName), TestApps.Sample.StaticDirectory!));
        // nginx makes its temp directories, but not their parent.
        Directory.CreateDirectory(layout.NginxTempDirectory!);
        return layout with { MimeTypesPath = MimeTypes(nginx) };
    }

    /// <summary>The same layout without touching the disk: for tests that only read the rendered text.</summary>
    public static ServerLayout OnPaper(string root = "/srv/rehearsal", int listenPort = 8080, IReadOnlyList<IPNetwork>? trustedProxies = null)
    {
        var nginx = Path.Combine(root, "nginx");
        return new ServerLayout
        {
            NginxConfigPath = Path.Combine(nginx, "nginx.conf"),
            NginxPidPath = Path.Combine(nginx, "nginx.pid"),
            NginxErrorLogPath = Path.Combine(nginx, "error.log"),
            NginxAccessLogPath = Path.Combine(nginx, "access.log"),
            MimeTypesPath = SystemMimeTypes,
            NginxTempDirectory = Path.Combine(nginx, "tmp"),
            ListenAddress = IPAddress.Loopback,
            ListenPort = listenPort,
            SitesDirectory = Path.Combine(root, "sites"),
            EnvironmentFile = Path.Combine(root, "app.env"),
            StateRoot = Path.Combine(root, "state"),
            TrustedProxies = trustedProxies ?? [IPNetwork.Parse("127.0.0.1/32")],
        };
    }

    /// <summary>The system's mime.types where nginx's package installed it, else a small one of our own.</summary>
    private static string MimeTypes(string directory)
    {
        if (File.Exists(SystemMimeTypes))
        {
            return SystemMimeTypes;
        }

        var own = Path.Combine(directory, "mime.types");
        File.WriteAllText(own, "types {\n    text/html html;\n    text/css css;\n    application/javascript js;\n}\n");
        return own;
    }

    /// <summary>A TCP port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
