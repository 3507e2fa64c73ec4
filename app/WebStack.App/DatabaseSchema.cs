// The app's one table, created idempotently. Safe when every process of every server starts at once, and lazy:
// a database that is down at start gets its table as soon as it's back.
using Npgsql;

namespace WebStack.App;

internal sealed class DatabaseSchema(Database database, ILogger<DatabaseSchema> logger)
{
    public const string VisitsTable = "site_visits";

    /// <summary>
    /// Key of the advisory lock that serializes the creation: "webstack" in ASCII. Concurrent CREATE TABLE IF NOT
    /// EXISTS statements can still fail on PostgreSQL's catalog (a duplicate pg_type row), so they take turns.
    /// </summary>
    public const long LockKey = 0x7765_6273_7461_636B;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private volatile bool _ready;
    private Task? _attempt;

    /// <summary>
    /// Completes once the table exists. Callers that arrive while an attempt runs share it rather than queue one each,
    /// so an outage costs every request at most one attempt's wait.
    /// </summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return Task.CompletedTask;
        }

        Task attempt;
        lock (_gate)
        {
            if (_attempt is null || (_attempt.IsCompleted && !_ready))
            {
                _attempt = CreateAsync();
            }

            attempt = _attempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    /// <summary>The table vanished (someone dropped it): the next EnsureAsync creates it again.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _ready = false;
            _attempt = null;
        }
    }

    // Not tied to any one caller's cancellation: the callers share it, and one leaving mustn't fail the others.
    private async Task CreateAsync()
    {
        await database.RunAsync(Timeout, CreateTableAsync, CancellationToken.None);
        _ready = true;
        logger.LogInformation("Table {Table} is ready", VisitsTable);
    }

    private static async Task<bool> CreateTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A transaction-level lock is released by the commit, or by the server if this process dies mid-way; a
        // session-level one would stay with the pooled connection.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {VisitsTable} (
                site text PRIMARY KEY,
                visits bigint NOT NULL,
                last_visit timestamptz NOT NULL DEFAULT now()
            )
            """,
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
