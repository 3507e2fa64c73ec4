// The app processes write JSON lines to stdout, which systemd keeps in the journal. The CloudWatch agent of Amazon
// Linux 2023 follows files, not the journal (journald collection was only merged into the agent in 2026 and is not in
// the packages a server can count on), and AL2023 has no rsyslog writing /var/log/messages. So a small unit copies the
// app units' journal entries to one file as they come: journalctl --follow --output=cat prints each entry's message
// alone (the app's line is already JSON naming its site, port and process).
// It matches the entries by the syslog identifier every app unit sets, not by a unit glob: journalctl expands a glob
// once, at start, against units the journal has already seen, and fails ("No data available") when none has logged
// yet, which is always the case on a new server, where this unit starts before the app's. It copies the current boot
// only (the journal is persistent, and earlier boots were copied then) and keeps no cursor: journalctl 252 (AL2023's)
// doesn't write its cursor file when a --follow is stopped (systemd/systemd#26746, fixed in 254). So logrotate
// truncates the file in place instead of restarting the unit (see LogCopy), and the unit is only started again if it
// dies: then it copies the boot's entries once more (duplicates, never a gap).
namespace WebStack.Core.Servers;

public static class AppLogForwarder
{
    public const string UnitName = "webstack-app-log.service";

    public const string UnitPath = SystemdUnits.UnitDirectory + "/" + UnitName;

    public const string LogPath = LogCopy.Directory + "/app.log";

    /// <summary>The syslog identifier every app unit gives its entries (SyslogIdentifier=), whatever its site and port.</summary>
    public const string AppIdentifier = "webstack-app";

    /// <summary>journalctl's arguments: what the unit runs, after --follow.</summary>
    public static IReadOnlyList<string> JournalArguments { get; } = ["--boot", "--lines=all", "--output=cat", $"--identifier={AppIdentifier}"];

    public static string Unit() => LogCopy.Unit(
        "the app processes' journal entries, one JSON line each",
        $"/usr/bin/journalctl --follow {string.Join(' ', JournalArguments)}",
        LogPath,
        ["After=systemd-journald.service"]);
}
