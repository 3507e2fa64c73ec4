// The app processes write JSON lines to stdout, which systemd keeps in the journal. The CloudWatch agent of Amazon
// Linux 2023 follows files, not the journal (journald collection was only merged into the agent in 2026 and is not in
// the packages a server can count on), and AL2023 has no rsyslog writing /var/log/messages. So a small unit copies the
// app units' journal entries to one file as they come: journalctl --follow --output=cat prints each entry's message
// alone (the app's line is already JSON naming its site, port and process), and its cursor file lets a restart
// continue after the last entry it wrote, so nothing is copied twice or lost. logrotate keeps the file small.
using System.Text;

namespace WebStack.Core.Servers;

public static class AppLogForwarder
{
    public const string UnitName = "webstack-app-log.service";

    public const string UnitPath = SystemdUnits.UnitDirectory + "/" + UnitName;

    public const string LogDirectory = "/var/log/webstack";

    public const string LogPath = LogDirectory + "/app.log";

    public const string StateDirectory = "/var/lib/webstack";

    public const string CursorPath = StateDirectory + "/app-log.cursor";

    /// <summary>What must exist before the unit starts: systemd opens its output file before running it.</summary>
    public static IReadOnlyList<string> Directories { get; } = [LogDirectory, StateDirectory];

    public const string LogrotatePath = "/etc/logrotate.d/webstack";

    /// <summary>Every app unit of the server: webstack-&lt;site&gt;@&lt;port&gt;.service (journalctl takes the glob).</summary>
    public const string UnitPattern = "webstack-*@*.service";

    public static string Unit()
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line("# webstack: the app processes' journal entries, one JSON line each, copied to a file the CloudWatch agent follows.");
        Line("[Unit]");
        Line("Description=webstack app log: the app units' journal as a file");
        Line("After=systemd-journald.service");
        Line();
        Line("[Service]");
        Line("Type=simple");
        // --lines=all: a first start (no cursor yet) copies what the processes said since boot; later starts resume
        // after the cursor journalctl writes when it stops.
        Line($"ExecStart=/usr/bin/journalctl --follow --lines=all --output=cat --unit={UnitPattern} --cursor-file={CursorPath}");
        Line($"StandardOutput=append:{LogPath}");
        Line("Restart=always");
        Line("RestartSec=1");
        Line();
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>Daily, three kept; the agent reads a rotated file to its end before it moves to the new one.</summary>
    public static string Logrotate() =>
        $"# webstack: the app log copied from the journal (see {UnitName}).\n"
        + $"{LogPath} {{\n"
        + "    daily\n"
        + "    rotate 3\n"
        + "    missingok\n"
        + "    notifempty\n"
        + "    compress\n"
        + "    delaycompress\n"
        + "    postrotate\n"
        + $"        systemctl restart {UnitName}\n"
        + "    endscript\n"
        + "}\n";
}
