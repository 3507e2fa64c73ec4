// The server's log copies: files in /var/log/webstack that the CloudWatch agent follows, each written by a small unit
// from a source the agent can't read as it should (the journal; nginx's error log, whose queries must be cut first).
// The units never give up, and logrotate truncates the copies in place, so a unit appends to the same file for its
// whole life and is never restarted to rotate it.
using System.Text;

namespace WebStack.Core.Servers;

public static class LogCopy
{
    public const string Directory = "/var/log/webstack";

    public const string LogrotatePath = "/etc/logrotate.d/webstack";

    /// <summary>Every copy on a server.</summary>
    public static IReadOnlyList<string> Paths { get; } = [AppLogForwarder.LogPath, NginxErrorLogCopy.LogPath];

    /// <summary>
    /// The unit that runs <paramref name="execStart"/> with its output appended to <paramref name="logPath"/>;
    /// <paramref name="ordering"/> are [Unit] lines that place it among other units.
    /// </summary>
    public static string Unit(string what, string execStart, string logPath, IReadOnlyList<string> ordering)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"# webstack: {what}, copied to a file the CloudWatch agent follows.");
        Line("[Unit]");
        Line($"Description=webstack log copy: {what}");
        foreach (var line in ordering)
        {
            Line(line);
        }

        Line("# Never given up on: without it these lines stop reaching CloudWatch.");
        Line("StartLimitIntervalSec=0");
        Line();
        Line("[Service]");
        Line("Type=simple");
        Line($"ExecStart={execStart}");
        Line($"StandardOutput=append:{logPath}");
        Line("Restart=always");
        Line("RestartSec=1");
        Line();
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>Daily, three kept, truncated in place; the agent notices a truncation and reads the file from its start.</summary>
    public static string Logrotate() =>
        "# webstack: the log copies the CloudWatch agent follows (webstack-*-log.service).\n"
        + $"{string.Join(' ', Paths)} {{\n"
        + "    daily\n"
        + "    rotate 3\n"
        + "    missingok\n"
        + "    notifempty\n"
        + "    compress\n"
        + "    delaycompress\n"
        + "    copytruncate\n"
        + "}\n";
}
