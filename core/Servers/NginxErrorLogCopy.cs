// nginx's error log, as shipped to CloudWatch: a copy with every query string cut. nginx writes the request line of a
// request it logs an error about (`request: "GET /x?password=... HTTP/1.1"`), the upstream URL (`upstream: "..."`) and
// the referrer as they came, and offers no format for its error log; the access log leaves queries out by its format,
// this copy does the same for the error log. A small unit follows the file (tail -F, across nginx's log rotation)
// through sed into the copy the CloudWatch agent reads. The original stays on the server as nginx writes it, in
// /var/log/nginx, rotated by the nginx package.
using System.Text;

namespace WebStack.Core.Servers;

public static class NginxErrorLogCopy
{
    public const string UnitName = "webstack-nginx-error-log.service";

    public const string UnitPath = SystemdUnits.UnitDirectory + "/" + UnitName;

    public const string ScriptPath = "/opt/webstack/bin/nginx-error-log-copy";

    public const string LogPath = LogCopy.Directory + "/nginx-error.log";

    /// <summary>What replaces a query string: it has no '?', so no later expression cuts it again.</summary>
    public const string Cut = "[query removed]";

    /// <summary>
    /// sed -E expressions, in order: from a '?' up to a space is a query (a request line, a quoted URL). A quoted
    /// field (upstream, referrer) keeps its closing quote and what follows it; what can't be told apart is cut to the
    /// next space.
    /// </summary>
    public static IReadOnlyList<string> SedExpressions { get; } =
    [
        $"s/[?][^ ]*\", /{Cut}\", /g",
        $"s/[?][^ ]*\"$/{Cut}\"/",
        $"s/[?][^ ]*/{Cut}/g",
    ];

    /// <summary>sed's arguments that cut the queries of what it reads, as the follower runs it (which adds -u, unbuffered).</summary>
    public static IReadOnlyList<string> SedArguments { get; } = ["-E", .. SedExpressions.SelectMany(expression => new[] { "-e", expression })];

    /// <summary>The follower: new lines of <paramref name="errorLogPath"/> only, from when it starts (the unit starts before nginx).</summary>
    public static string Script(string errorLogPath)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line("#!/usr/bin/bash");
        Line($"# webstack: nginx's error log with every query string cut, for the CloudWatch agent (see {UnitName}).");
        Line("set -euo pipefail");
        Line($"tail -F -n 0 -- {ConfigText.Bash(errorLogPath)} | sed -u -E {string.Join(' ', SedExpressions.Select(expression => "-e " + ConfigText.Bash(expression)))}");
        return text.ToString();
    }

    /// <summary>Started before nginx, so that it follows the file from nginx's first line.</summary>
    public static string Unit() =>
        LogCopy.Unit("nginx's error log with every query string cut", ScriptPath, LogPath, ["Before=nginx.service"]);
}
