// The systemd units of a server: a template per app (one instance per process, named after its port), the oneshot
// unit of an app's release phase, and a drop-in that makes nginx come back after a crash. All start at boot; every
// unit of an app runs with the same account, environment and sandbox.
using System.Text;
using WebStack.Core.Apps;

namespace WebStack.Core.Servers;

public static class SystemdUnits
{
    public const string UnitDirectory = "/etc/systemd/system";
    public const string NginxDropInPath = "/etc/systemd/system/nginx.service.d/webstack.conf";

    private const string PortSpecifier = "%i";

    // Stands for the port while the port's variables are escaped, then becomes the instance specifier in those lines
    // alone: an app's own variables are rendered as they are, whatever they hold.
    private const string PortPlaceholder = "@PORT@";

    private static readonly HashSet<string> PortVariables = [AppContract.Port, AppContract.AspNetCoreUrls, AppContract.SpringServerPort];

    public static string AppTemplate(AppSite site, ServerLayout layout, AppLaunch launch, ProcessSupervision? supervision = null)
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
        if (site.ReleaseUnit is { } release)
        {
            // The user data starts the release phase itself and starts no process when it fails. After a reboot it runs
            // again and finds the release done; Wants (not Requires) lets the processes start even if the database
            // can't be reached at that moment, as they would without a release command.
            Line("# The release phase first (it finds the release done after a reboot).");
            Line($"After={release}");
            Line($"Wants={release}");
        }

        Line($"# A process that keeps crashing is given up on after {policy.StartLimitBurst} starts in {ProcessSupervision.Seconds(policy.StartLimitInterval)} s; nginx sends its share to the others.");
        Line($"StartLimitIntervalSec={ProcessSupervision.Seconds(policy.StartLimitInterval)}");
        Line($"StartLimitBurst={policy.StartLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Line();
        Line("[Service]");
        Line("Type=simple");
        WriteAppEnvironment(text, site, layout, AppEnvironment.ForProcess(site, PortPlaceholder, launch.Release, layout.StateDirectory(site.Name), policy));
        Line($"ExecStart={ExecLine(site, layout, launch.Start)}");
        Line($"# Every process's lines under one name, which {AppLogForwarder.UnitName} follows to the file CloudWatch reads.");
        Line($"SyslogIdentifier={AppLogForwarder.AppIdentifier}");
        Line("# An app may write a line per request; journald's default rate limit (10,000 lines in 30 s) would drop some.");
        Line("LogRateLimitIntervalSec=0");
        Line("Restart=on-failure");
        Line($"RestartSec={ProcessSupervision.Seconds(policy.RestartDelay)}");
        Line($"# SIGTERM: the app stops taking requests and finishes those in flight (up to {ProcessSupervision.Seconds(policy.GracefulShutdown)} s); systemd waits this long before SIGKILL.");
        Line("KillSignal=SIGTERM");
        Line($"TimeoutStopSec={ProcessSupervision.Seconds(policy.StopTimeout)}");
        Line("# A JVM stopped by SIGTERM exits with 143 (128 + 15): a clean stop, not a failure to restart after.");
        Line($"SuccessExitStatus={ProcessSupervision.SigTermExitStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        WriteSandbox(text);
        Line();
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>
    /// The oneshot unit of a site's release phase: the release script (ReleasePhase) runs the release command with the
    /// app's environment, user and sandbox, once per release for the whole fleet; the app's processes require it.
    /// </summary>
    public static string ReleaseUnit(AppSite site, ServerLayout layout, AppLaunch launch, ProcessSupervision? supervision = null)
    {
        var command = site.App.ReleaseCommand ?? throw new ArgumentException($"site {site.Name} has no release command", nameof(site));
        var policy = supervision ?? ProcessSupervision.Default;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# webstack: the release phase of the \"{site.Name}\" app: {command} once per release, before its processes start.");
        Line("# Rendered by webstack from the stack's settings; a deployment overwrites changes made here.");
        Line("[Unit]");
        Line($"Description=webstack release phase of {site.Name}, release {launch.Release}");
        Line("After=network-online.target");
        Line("Wants=network-online.target");
        Line();
        Line("[Service]");
        Line("Type=oneshot");
        Line("RemainAfterExit=yes");
        WriteAppEnvironment(text, site, layout, AppEnvironment.ForRelease(site, launch.Release, layout.StateDirectory(site.Name), policy));
        Line($"ExecStart={string.Join(' ', new[] { ServerLayout.ReleaseScriptPath }.Concat(ReleasePhase.Arguments(site, launch, layout)).Select(ConfigText.SystemdWord))}");
        Line($"# The wait for another server's run, this run ({site.App.ReleaseTimeoutSeconds} s at most) and some slack.");
        Line($"TimeoutStartSec={ReleasePhase.UnitTimeoutSeconds(site.App.ReleaseTimeoutSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Line($"SyslogIdentifier={AppLogForwarder.AppIdentifier}");
        WriteSandbox(text);
        return text.ToString();
    }

    // The account, the environment files (the database's and, for a site with secrets, its own), the plain variables,
    // the working directory and the state folder every unit of the app shares.
    private static void WriteAppEnvironment(StringBuilder text, AppSite site, ServerLayout layout, IEnumerable<KeyValuePair<string, string>> variables)
    {
        void Line(string line = "") => text.Append(line).Append('\n');
        if (layout.AppUser is { } user)
        {
            Line($"User={user}");
            Line($"Group={user}");
        }

        Line("# The database's settings (and the site's secrets); root-only, read by systemd before it drops privileges.");
        Line($"EnvironmentFile={ConfigText.SystemdPath(layout.EnvironmentFile)}");
        if (site.App.Secrets.Count > 0)
        {
            Line($"EnvironmentFile={ConfigText.SystemdPath(layout.SecretsFile(site.Name))}");
        }

        foreach (var (name, value) in variables)
        {
            var assignment = ConfigText.SystemdAssignment(name, value);
            Line($"Environment={(PortVariables.Contains(name) ? assignment.Replace(PortPlaceholder, PortSpecifier, StringComparison.Ordinal) : assignment)}");
        }

        Line($"WorkingDirectory={ConfigText.SystemdPath(layout.SiteDirectory(site.Name))}");
        Line($"# The one folder the app may write to ({layout.StateDirectory(site.Name)}), made by systemd and owned by the app's account.");
        Line($"StateDirectory=webstack/{site.Name}");
    }

    private static string ExecLine(AppSite site, ServerLayout layout, AppCommand command) =>
        string.Join(' ', new[] { layout.ProgramPath(site, command) }.Concat(command.Arguments).Select(ConfigText.SystemdWord));

    private static void WriteSandbox(StringBuilder text)
    {
        foreach (var line in Sandbox)
        {
            text.Append(line).Append('\n');
        }
    }

    /// <summary>What the app may not do: gain privileges, write outside its state folder and /tmp, see other users' files.</summary>
    private static readonly string[] Sandbox =
    [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectControlGroups=yes",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "LockPersonality=yes",
    ];

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
