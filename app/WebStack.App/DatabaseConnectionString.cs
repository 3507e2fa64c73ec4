// The Npgsql connection string of the app's database: built field by field, so no value can inject another setting.
using Npgsql;

namespace WebStack.App;

internal static class DatabaseConnectionString
{
    /// <summary>
    /// Several processes on each of several servers share one database, so each process keeps a small pool: the sum
    /// stays well under a small RDS instance's max_connections. One visit is one short statement, so 8 is plenty.
    /// </summary>
    public const int MaxPoolSize = 8;

    /// <summary>No longer than /health's whole budget, so a database that accepts but never answers fails it in time.</summary>
    public const int ConnectTimeoutSeconds = 2;

    public static string Build(AppOptions options, int processId)
    {
        var database = options.Database;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = database.Host,
            Port = database.Port,
            Database = database.Name,
            Username = database.User,
            SslMode = database.SslMode,
            // Seconds. A database that doesn't answer should fail a request quickly (503) rather than hold it until
            // nginx gives up. This limit also bounds the wait for a free pooled connection, and it is what stops a
            // connection attempt that hangs mid-handshake, where a cancellation token isn't always heeded.
            Timeout = ConnectTimeoutSeconds,
            // A backstop: the callers' own deadlines cancel statements sooner.
            CommandTimeout = 10,
            // A lost cancel request must not hold a request for long either.
            CancellationTimeout = 2000,
            MinPoolSize = 0,
            MaxPoolSize = MaxPoolSize,
            // Idle connections go back to the database after a minute, for the processes that are busy.
            ConnectionIdleLifetime = 60,
            // Shows in pg_stat_activity which server and process holds a connection.
            ApplicationName = $"webstack {options.Site} {options.ServerId} pid {processId}",
        };
        if (database.RootCertificate is { } roots)
        {
            // Npgsql then checks the chain against these roots alone (and the host name for verify-full).
            builder.RootCertificate = roots;
        }

        if (database.Password is { } password)
        {
            builder.Password = password;
        }

        return builder.ConnectionString;
    }
}
