// The logs a server keeps and ships to CloudWatch Logs, one log group each: nginx's access log (JSON), nginx's error
// log (a copy without query strings, see NginxErrorLogCopy), and the app processes' JSON lines (copied from the
// journal to a file, see AppLogForwarder).
namespace WebStack.Core.Servers;

/// <param name="Key">Names its log group among the stack's (the group's name part is "logs-" + Key).</param>
/// <param name="Path">The file on the server the CloudWatch agent follows.</param>
/// <param name="What">What it holds, for people.</param>
public sealed record ServerLog(string Key, string Path, string What);

public static class ServerLogs
{
    public const string NginxAccess = "nginx-access";
    public const string NginxError = "nginx-error";
    public const string App = "app";

    /// <summary>The keys of every server log, in the order the program creates their groups.</summary>
    public static IReadOnlyList<string> Keys { get; } = [NginxAccess, NginxError, App];

    public static IReadOnlyList<ServerLog> For(ServerLayout layout) =>
    [
        new(NginxAccess, layout.NginxAccessLogPath, "nginx's access log: one JSON object per request"),
        new(NginxError, NginxErrorLogCopy.LogPath, $"nginx's error log ({layout.NginxErrorLogPath}) with every query string cut"),
        new(App, AppLogForwarder.LogPath, "the app processes' log: one JSON object per line, from the journal"),
    ];
}
