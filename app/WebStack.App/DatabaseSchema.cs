// The sample's schema, applied by its release command (`WebStack.App --migrate`) once per release, before the
// release's processes start: idempotent DDL in one transaction, under a transaction-level advisory lock so two runs at
// once take turns (the stack's release phase already runs one at a time; a run by hand may not). The processes never
// change the schema themselves. Expand, then contract: a release only adds what it needs, so the release still serving
// during a rolling deploy keeps working; the counter row the earlier releases updated (site_visits) is left in place.
using Npgsql;

namespace WebStack.App;

internal static class DatabaseSchema
{
    /// <summary>One row per visit; its id is the visit's number, the same sequence for every process of every server.</summary>
    public const string VisitsTable = "visits";

    /// <summary>Key of the advisory lock that serializes the migration: "webstack" in ASCII.</summary>
    public const long LockKey = 0x7765_6273_7461_636B;

    private static readonly string[] Statements =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {VisitsTable} (
            id bigserial PRIMARY KEY,
            site text NOT NULL,
            server text NOT NULL,
            release text NOT NULL,
            visited_at timestamptz NOT NULL DEFAULT now()
        )
        """,
    ];

    /// <summary>Applies the schema; throws on any failure, leaving nothing half-applied (PostgreSQL's DDL is transactional).</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var statement in Statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        progress.WriteLine($"schema ready: table {VisitsTable}");
    }
}
