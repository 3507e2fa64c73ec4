// Runs one piece of work on a pooled connection with a time limit, and turns every way it can fail into a
// DatabaseUnavailableException. It also heals the pool and logs when the database goes away and comes back.
using Npgsql;

namespace WebStack.App;

internal sealed class Database(NpgsqlDataSource dataSource, DatabaseCertificateCheck certificateCheck, ILogger<Database> logger)
{
    private const int Unknown = 0;
    private const int Available = 1;
    private const int Unavailable = 2;

    private int _state = Unknown;

    public async Task<T> RunAsync<T>(TimeSpan timeout, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                T result;
                await using (var connection = await dataSource.OpenConnectionAsync(deadline.Token))
                {
                    result = await work(connection, deadline.Token);
                }

                MarkAvailable();
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away or the app is stopping: not the database's fault.
                throw;
            }
            catch (Exception exception) when (DatabaseFailure.Is(exception))
            {
                if (deadline.IsCancellationRequested || DatabaseFailure.MayHaveBrokenConnections(exception))
                {
                    // After a restart or failover every idle connection in the pool is dead, and each would fail one
                    // request before Npgsql noticed. Dropping them all makes the next attempt open a fresh one.
                    dataSource.Clear();
                }

                if (attempt == 1 && !deadline.IsCancellationRequested && DatabaseFailure.IsStaleConnection(exception))
                {
                    continue;
                }

                var reason = deadline.IsCancellationRequested
                    ? $"no answer within {timeout.TotalSeconds:0.#} s"
                    : DatabaseFailure.Describe(exception);
                if (DatabaseCertificateCheck.IsCertificateRefusal(exception)
                    && await certificateCheck.ExplainAsync(cancellationToken) is { } refusal)
                {
                    // Npgsql only says its check failed; this says which one.
                    reason = refusal;
                }
                MarkUnavailable(reason);
                throw new DatabaseUnavailableException(reason, exception);
            }
        }
    }

    // Logs the changes only: during an outage every request fails, and a line per request would drown the log
    // (and slow a benchmark down).
    private void MarkAvailable()
    {
        var previous = Interlocked.Exchange(ref _state, Available);
        if (previous == Unavailable)
        {
            logger.LogWarning("Database available again");
        }
        else if (previous == Unknown)
        {
            logger.LogInformation("Database available");
        }
    }

    private void MarkUnavailable(string reason)
    {
        if (Interlocked.Exchange(ref _state, Unavailable) != Unavailable)
        {
            logger.LogWarning("Database unavailable: {Reason}", reason);
        }
    }
}
