// The one failure the endpoints handle: the database couldn't do the work, with a short reason fit to show a client.
namespace WebStack.App;

internal sealed class DatabaseUnavailableException(string reason, Exception innerException)
    : Exception($"database unavailable: {reason}", innerException)
{
    /// <summary>One line, no stack trace: what the client and the log are told.</summary>
    public string Reason { get; } = reason;
}
