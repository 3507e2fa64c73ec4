// Which exceptions mean "the database didn't do it" and how to say why in one short line.
using System.Net.Sockets;
using Npgsql;

namespace WebStack.App;

internal static partial class DatabaseFailure
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9A-Fa-f:]+\](?::\d+)?|\b[A-Za-z0-9.-]+\.(?:internal|amazonaws\.com)(?::\d+)?")]
    private static partial System.Text.RegularExpressions.Regex EndpointText();

    private const int MaxReasonLength = 200;

    /// <summary>Failures of the database or the way to it; anything else is a bug and should surface as one.</summary>
    public static bool Is(Exception exception) =>
        exception is NpgsqlException or OperationCanceledException or TimeoutException or SocketException or IOException;

    /// <summary>
    /// Whether the pooled connections may be dead too (the server restarted, failed over or can't be reached). A plain
    /// SQL error such as a missing table leaves them fine.
    /// </summary>
    public static bool MayHaveBrokenConnections(Exception exception) => exception is not PostgresException { IsTransient: false };

    /// <summary>
    /// The server ended the session (a restart, a failover, an idle timeout), typically while the connection sat idle in
    /// the pool; either way the work's transaction didn't commit. Trying once more on a fresh connection is safe, and
    /// spares the client a 503 from a database that is already back.
    /// </summary>
    public static bool IsStaleConnection(Exception exception) => exception is PostgresException
    {
        SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.IdleSessionTimeout,
    };

    public static string Describe(Exception exception)
    {
        var text = exception switch
        {
            // MessageText leaves out the detail and hint, which can quote data.
            PostgresException postgres => $"{postgres.MessageText} ({postgres.SqlState})",
            // Npgsql's own message says what it tried ("Failed to connect to 10.0.1.5:5432"); the cause says why.
            { InnerException: { } cause } when !SameText(cause.Message, exception.Message) => $"{exception.Message}: {Describe(cause)}",
            _ => exception.Message,
        };
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // The reason reaches anyone who asks through the load balancer: it says what failed, not where the database is.
        line = EndpointText().Replace(line, "the database server");
        return line.Length <= MaxReasonLength ? line : line[..(MaxReasonLength - 1)] + "…";
    }

    // Npgsql often wraps an exception in one with the same message, give or take a full stop.
    private static bool SameText(string first, string second) =>
        string.Equals(first.TrimEnd('.'), second.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
