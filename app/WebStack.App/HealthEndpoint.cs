// GET /health: whether this process can use the database, checked for real on every call. Not the load balancer's
// check (that's /health/live): a database outage must not make the fleet replace healthy servers.
using System.Text.Json.Serialization;
using Npgsql;

namespace WebStack.App;

internal static class HealthEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<IResult> HandleAsync(HttpContext context, ProcessIdentity identity, Database database)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await database.RunAsync(Timeout, PingAsync, context.RequestAborted);
            return JsonAnswer.Of(new HealthReport("healthy", null, identity.Server, identity.Site, identity.Release, identity.Pid));
        }
        catch (DatabaseUnavailableException exception)
        {
            return JsonAnswer.Of(
                new HealthReport("unhealthy", $"database: {exception.Reason}", identity.Server, identity.Site, identity.Release, identity.Pid),
                StatusCodes.Status503ServiceUnavailable);
        }
    }

    // The cheapest statement that needs a working session; it doesn't need the table, so it doesn't wait for it.
    private static async Task<bool> PingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }
}

/// <param name="Status">"healthy" or "unhealthy".</param>
/// <param name="Reason">Why it's unhealthy, "database: ..."; absent when healthy.</param>
internal sealed record HealthReport(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    string Server,
    string Site,
    string Release,
    int Pid);
