// One JSON object per log line, flat, so CloudWatch Logs Insights (and jq) see every field by name: the time, level,
// category and message, the message's own values (method, path, status...), the values of the scopes it was written
// in (the request id), and what names this process (site, server, release, pid). Like ASP.NET Core's JSON console
// formatter, but flat: its nested "State" and "Scopes" make a request id hard to query.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace WebStack.App;

internal sealed class JsonLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Fields every line carries, after its own.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Process { get; set; } = [];
}

internal sealed class JsonLogFormatter(IOptionsMonitor<JsonLogFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "webstack-json";

    private const string OriginalFormat = "{OriginalFormat}";

    // Quotes, backslashes and control characters are still escaped, so a line stays one line of valid JSON; '+', '<'
    // and the like are left readable (nothing here is embedded in HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            var written = new HashSet<string>(StringComparer.Ordinal) { "time", "level", "category", "message" };
            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> values)
            {
                Fields(json, values, written);
            }

            // Innermost scope last, so a request's own id wins over an outer scope's of the same name.
            var scoped = new List<KeyValuePair<string, object?>>();
            scopeProvider?.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs);
                }
            }, scoped);
            Fields(json, Enumerable.Reverse(scoped).DistinctBy(pair => FieldName(pair.Key), StringComparer.Ordinal), written);
            Fields(json, options.CurrentValue.Process, written);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void Fields(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> pairs, HashSet<string> written)
    {
        foreach (var (key, value) in pairs)
        {
            var name = FieldName(key);
            if (key == OriginalFormat || !written.Add(name))
            {
                continue;
            }

            json.WritePropertyName(name);
            switch (value)
            {
                case null:
                    json.WriteNullValue();
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case int or long or short or byte or uint or ulong:
                    json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    json.WriteNumberValue(Math.Round(Convert.ToDouble(value, CultureInfo.InvariantCulture), 3));
                    break;
                default:
                    json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    // camelCase, as the app's JSON answers: "RequestId" becomes "requestId".
    private static string FieldName(string key) => key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
}
