// The visits: one row inserted per visit, whose id (from the table's sequence) is the visit's number. Every process
// of every server inserts without waiting for another: a sequence hands out numbers without a row lock, where a single
// counter row updated by all made the whole fleet queue on that row's lock.
using Npgsql;

namespace WebStack.App;

internal sealed class VisitCounter(Database database, ProcessIdentity identity)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const string InsertSql = $"INSERT INTO {DatabaseSchema.VisitsTable} (site, server, release) VALUES (@site, @server, @release) RETURNING id";

    /// <summary>Records one visit of <paramref name="site"/> and returns its number.</summary>
    public async Task<long> RecordAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            return await database.RunAsync(Timeout, (connection, token) => InsertAsync(connection, site, token), cancellationToken);
        }
        catch (DatabaseUnavailableException exception)
            when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
        {
            // The schema is the release command's job; a process started without it can say what to do.
            throw new DatabaseUnavailableException($"the {DatabaseSchema.VisitsTable} table doesn't exist: run the release command (WebStack.App --migrate)", exception);
        }
    }

    private async Task<long> InsertAsync(NpgsqlConnection connection, string site, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("site", site);
        command.Parameters.AddWithValue("server", identity.Server);
        command.Parameters.AddWithValue("release", identity.Release);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
