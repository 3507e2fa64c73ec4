// The app processes write JSON lines to stdout, which systemd keeps in the journal. The CloudWatch agent of Amazon
// Linux 2023 follows files, not the journal (journald collection was only merged into the agent in 2026 and is not in
// the packages a server can count on), and AL2023 has no rsyslog writing /var/log/messages. So a small unit copies the
// app units' journal entries to one file as they come: journalctl --follow --output=cat prints each entry's message
// alone (the app's line is already JSON naming its site, port and process).
// It matches the entries by the syslog identifier every app unit sets, not by a unit glob: journalctl expands a glob
// once, at start, against units the journal has already seen, and fails ("No data available") when none has logged
// yet, which is always the case on a new server, where this unit starts before the app's. It copies the current boot
// only (the journal is persistent, and earlier boots were copied then) and keeps no cursor: journalctl 252 (AL2023's)
// doesn't write its cursor file when a --follow is stopped (systemd/systemd#26746, fixed in 254). So logrotate truncates the file in
// place instead of restarting the unit, and the unit is only started again if it dies: then it copies the boot's
// entries once more (duplicates, never a gap).
using System.Text;

namespace WebStack.Core.Servers;

public static class AppLogForwarder
{
    public const string UnitName = "webstack-app-log.service";

    public const string UnitPath = SystemdUnits.UnitDirectory + "/" + UnitName;

    public const string LogDirectory = "/var/log/webstack";

    public const string LogPath = LogDirectory + "/app.log";

    /// <summary>What must exist before the unit starts: systemd opens its output file before running it.</summary>
    public static IReadOnlyList<string> Directories { get; } = [LogDirectory];

    public const string LogrotatePath = "/etc/logrotate.d/webstack";

    /// <summary>The syslog identifier every app unit gives its entries (SyslogIdentifier=), whatever its site and port.</summary>
    public const string AppIdentifier = "webstack-app";

    /// <summary>journalctl's arguments: what the unit runs, after --follow.</summary>
    public static IReadOnlyList<string> JournalArguments { get; } = ["--boot", "--lines=all", "--output=cat", $"--identifier={AppIdentifier}"];

    public static string Unit()
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line("# webstack: the app processes' journal entries, one JSON line each, copied to a file the CloudWatch agent follows.");
        Line("[Unit]");
        Line("Description=webstack app log: the app units' journal as a file");
        Line("After=systemd-journald.service");
        Line("# Never given up on: without it the app's lines stop reaching CloudWatch.");
        Line("StartLimitIntervalSec=0");
        Line();
        Line("[Service]");
        Line("Type=simple");
        Line($"ExecStart=/usr/bin/journalctl --follow {string.Join(' ', JournalArguments)}");
        Line($"StandardOutput=append:{LogPath}");
        Line("Restart=always");
        Line("RestartSec=1");
        Line();
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>Daily, three kept, truncated in place (the unit keeps appending to the same file: no restart, no copy
    /// twice); the agent notices the truncation and reads the file again from its start.</summary>
    public static string Logrotate() =>
        $"# webstack: the app log copied from the journal (see {UnitName}).\n"
        + $"{LogPath} {{\n"
        + "    daily\n"
        + "    rotate 3\n"
        + "    missingok\n"
        + "    notifempty\n"
        + "    compress\n"
        + "    delaycompress\n"
        + "    copytruncate\n"
        + "}\n";
}
