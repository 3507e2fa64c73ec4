// The visit counter: one row per site, incremented atomically in the database, so every process of every server
// counts into the same number without locks of its own.
using Npgsql;

namespace WebStack.App;

internal sealed class VisitCounter(Database database, DatabaseSchema schema)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // One statement, one round trip: the first visit inserts the row, later ones bump it, and concurrent first
    // visits can't both insert (ON CONFLICT turns the loser into an update).
    private const string IncrementSql =
        $"""
        INSERT INTO {DatabaseSchema.VisitsTable} AS v (site, visits) VALUES (@site, 1)
        ON CONFLICT (site) DO UPDATE SET visits = v.visits + 1, last_visit = now()
        RETURNING v.visits
        """;

    /// <summary>Counts one more visit of <paramref name="site"/> and returns the new total.</summary>
    public async Task<long> IncrementAsync(string site, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        try
        {
            return await database.RunAsync(Timeout, (connection, token) => IncrementAsync(connection, site, token), cancellationToken);
        }
        catch (DatabaseUnavailableException exception)
            when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
        {
            // The table was created once and then dropped (a reset by hand): make it again rather than fail until restart.
            schema.Forget();
            await schema.EnsureAsync(cancellationToken);
            return await database.RunAsync(Timeout, (connection, token) => IncrementAsync(connection, site, token), cancellationToken);
        }
    }

    private static async Task<long> IncrementAsync(NpgsqlConnection connection, string site, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(IncrementSql, connection);
        command.Parameters.AddWithValue("site", site);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
