// What GET / reports: who answered, what it was told about the client, and the visit count (or why there is none).
// Serialized as is for JSON clients (camelCase), rendered by PageRenderer for browsers.
using System.Text.Json.Serialization;

namespace WebStack.App;

/// <param name="Port">The port this process accepted the request on: tells the processes of one server apart.</param>
/// <param name="ClientAddress">The client as seen through nginx (see ClientAddress).</param>
/// <param name="ForwardedFor">X-Forwarded-For exactly as received, null when absent: shows the chain of proxies.</param>
/// <param name="Host">The Host header as received, which names the site the client asked for.</param>
/// <param name="Visits">This visit's number (one sequence for every process of every server); absent when the database is unavailable.</param>
/// <param name="Error">Why there is no count; absent when there is one.</param>
internal sealed record VisitReport(
    string Server,
    string Site,
    string Release,
    int Port,
    int Pid,
    string? ClientAddress,
    string? ForwardedFor,
    string? Host,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Visits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    public static VisitReport For(HttpContext context, ProcessIdentity identity)
    {
        var headers = context.Request.Headers;
        return new VisitReport(
            identity.Server,
            identity.Site,
            identity.Release,
            context.Connection.LocalPort,
            identity.Pid,
            WebStack.App.ClientAddress.Of(context),
            headers[ForwardedForHeader] is { Count: > 0 } forwardedFor ? forwardedFor.ToString() : null,
            headers.Host is { Count: > 0 } host ? host.ToString() : null,
            Visits: null,
            Error: null);
    }
}
