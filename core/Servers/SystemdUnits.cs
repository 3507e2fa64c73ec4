// The systemd units of a server: a template per app (one instance per process, named after its port) and a
// drop-in that makes nginx come back after a crash. Both start at boot.
using System.Text;

namespace WebStack.Core.Servers;

public static class SystemdUnits
{
    public const string UnitDirectory = "/etc/systemd/system";
    public const string NginxDropInPath = "/etc/systemd/system/nginx.service.d/webstack.conf";

    private const string PortSpecifier = "%i";

    // Stands for the port while values are escaped; replaced by the instance specifier afterwards.
    // Site names and the other values can't contain '@', so it can't clash with them.
    private const string PortPlaceholder = "@PORT@";

    public static string AppTemplate(AppSite site, ServerLayout layout, ProcessSupervision? supervision = null)
    {
        var policy = supervision ?? ProcessSupervision.Default;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# webstack: one process of the \"{site.Name}\" app; each instance is named after its loopback port ({site.UnitInstance(site.Ports[0])}).");
        Line("# Rendered by webstack from the stack's settings; a deployment overwrites changes made here.");
        Line("[Unit]");
        Line($"Description=webstack app {site.Name}, process on port {PortSpecifier}");
        Line("After=network-online.target");
        Line("Wants=network-online.target");
        Line($"# A process that keeps crashing is given up on after {policy.StartLimitBurst} starts in {ProcessSupervision.Seconds(policy.StartLimitInterval)} s; nginx sends its share to the others.");
        Line($"StartLimitIntervalSec={ProcessSupervision.Seconds(policy.StartLimitInterval)}");
        Line($"StartLimitBurst={policy.StartLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Line();
        Line("[Service]");
        Line("Type=simple");
        if (layout.AppUser is { } user)
        {
            Line($"User={user}");
            Line($"Group={user}");
        }

        Line("# Database settings; root-only, read by systemd before it drops privileges.");
        Line($"EnvironmentFile={ConfigText.SystemdPath(layout.EnvironmentFile)}");
        foreach (var (name, value) in AppEnvironment.ForProcess(site, PortPlaceholder, policy))
        {
            Line($"Environment={ConfigText.SystemdAssignment(name, value).Replace(PortPlaceholder, PortSpecifier, StringComparison.Ordinal)}");
        }

        Line($"WorkingDirectory={ConfigText.SystemdPath(layout.AppDirectory)}");
        Line($"ExecStart={ConfigText.SystemdWord(layout.AppExecutable)}");
        Line($"# Every process's lines under one name, which {AppLogForwarder.UnitName} follows to the file CloudWatch reads.");
        Line($"SyslogIdentifier={AppLogForwarder.AppIdentifier}");
        Line("# The app writes one JSON line per request; journald's default rate limit (10,000 lines in 30 s) would drop some.");
        Line("LogRateLimitIntervalSec=0");
        Line("Restart=on-failure");
        Line($"RestartSec={ProcessSupervision.Seconds(policy.RestartDelay)}");
        Line($"# SIGTERM: the app stops taking requests and finishes those in flight (up to {ProcessSupervision.Seconds(policy.GracefulShutdown)} s); systemd waits this long before SIGKILL.");
        Line("KillSignal=SIGTERM");
        Line($"TimeoutStopSec={ProcessSupervision.Seconds(policy.StopTimeout)}");
        Line("NoNewPrivileges=yes");
        Line("ProtectSystem=strict");
        Line("ProtectHome=yes");
        Line("PrivateTmp=yes");
        Line("PrivateDevices=yes");
        Line("ProtectKernelTunables=yes");
        Line("ProtectKernelModules=yes");
        Line("ProtectControlGroups=yes");
        Line("RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");
        Line("LockPersonality=yes");
        Line();
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>nginx's own unit doesn't restart it after a crash; this drop-in does.</summary>
    public static string NginxDropIn(ProcessSupervision? supervision = null) =>
        "# webstack: bring nginx back if it dies, and start it once the network is up.\n"
        + "[Unit]\n"
        + "After=network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n"
        + "[Service]\n"
        + "Restart=on-failure\n"
        + $"RestartSec={ProcessSupervision.Seconds((supervision ?? ProcessSupervision.Default).RestartDelay)}\n";
}
