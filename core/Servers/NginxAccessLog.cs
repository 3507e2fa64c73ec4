// nginx's access log as one JSON object per line (log_format escape=json): what CloudWatch Logs Insights and the
// rehearsals read. The path is logged without its query string, and no request header but the ids, the host and the
// user agent is logged, so a password in a query or an Authorization header never reaches a log.
using System.Text;

namespace WebStack.Core.Servers;

/// <param name="Name">The JSON field.</param>
/// <param name="Value">The nginx variable (or variables) that fill it.</param>
/// <param name="IsNumber">Written without quotes: nginx always fills these with a number.</param>
public sealed record AccessLogField(string Name, string Value, bool IsNumber = false);

public static class NginxAccessLog
{
    public const string FormatName = "webstack";

    /// <summary>The request's path as the client sent it, without the query string (a map of $request_uri).</summary>
    public const string PathVariable = "$webstack_path";

    public static IReadOnlyList<AccessLogField> Fields { get; } =
    [
        new("time", "$time_iso8601"),
        new("request_id", RequestId.NginxVariable),
        new("trace_id", "$http_x_amzn_trace_id"),
        new("client", "$remote_addr"),
        new("peer", "$realip_remote_addr"),
        new("method", "$request_method"),
        new("host", "$http_host"),
        new("path", PathVariable),
        new("status", "$status", IsNumber: true),
        new("bytes", "$body_bytes_sent", IsNumber: true),
        new("request_time", "$request_time", IsNumber: true),
        new("upstream", "$upstream_addr"),
        new("upstream_time", "$upstream_response_time"),
        new("user_agent", "$http_user_agent"),
    ];

    /// <summary>The log_format directive's lines: a JSON object, the variables escaped by nginx (escape=json).</summary>
    public static IReadOnlyList<string> FormatLines()
    {
        var lines = new List<string>();
        var line = new StringBuilder($"log_format {FormatName} escape=json '{{");
        for (var i = 0; i < Fields.Count; i++)
        {
            var field = Fields[i];
            var value = field.IsNumber ? field.Value : $"\"{field.Value}\"";
            line.Append($"\"{field.Name}\":{value}").Append(i < Fields.Count - 1 ? "," : "}");
            // One line per field keeps the rendered config readable; nginx joins the quoted pieces.
            lines.Add(line.Append('\'').ToString());
            line.Clear().Append("    '");
        }

        lines[^1] += ";";
        return lines;
    }
}
