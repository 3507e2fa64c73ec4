// The database as an app finds it in its environment: in each form a driver reads without code (libpq's PG*
// variables, DATABASE_URL, an Npgsql connection string for ASP.NET Core's configuration, Spring's JDBC datasource),
// every one of them verifying the database's certificate against the given roots (verify-full). On a server the user
// data builds these from the RDS secret with jq (JqFilter); the rehearsals build them here, from the same fields, and a
// test runs the user data to check both give the same values.
using System.Globalization;
using System.Text;

namespace WebStack.Core.Apps;

/// <param name="RootCertificateFile">PEM file of the certificate authorities the database's certificate must chain to.</param>
public sealed record DatabaseEndpoint(string Host, int Port, string Name, string User, string Password, string RootCertificateFile)
{
    // Keeps the password out of anything that prints the record.
    public override string ToString() => $"{User}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Name} (verify-full against {RootCertificateFile})";
}

public static class DatabaseEnvironment
{
    public const string Host = "PGHOST";
    public const string Port = "PGPORT";
    public const string Database = "PGDATABASE";
    public const string User = "PGUSER";
    public const string Password = "PGPASSWORD";
    public const string SslMode = "PGSSLMODE";
    public const string SslRootCert = "PGSSLROOTCERT";
    public const string Url = "DATABASE_URL";
    public const string ConnectionString = "ConnectionStrings__Default";
    public const string JdbcUrl = "SPRING_DATASOURCE_URL";
    public const string JdbcUser = "SPRING_DATASOURCE_USERNAME";
    public const string JdbcPassword = "SPRING_DATASOURCE_PASSWORD";

    /// <summary>libpq's name for checking the chain and the host name; Npgsql's enum spells it VerifyFull.</summary>
    public const string VerifyFull = "verify-full";

    public static IReadOnlyList<AppContract.Variable> Variables { get; } =
    [
        new(Host, "webstack-prod-db.abc.us-east-1.rds.amazonaws.com", "the database server (libpq, psql and most PostgreSQL drivers read the PG* variables)"),
        new(Port, "5432", "its port"),
        new(Database, "webstack", "the database"),
        new(User, "webstack", "the user"),
        new(Password, "(from Secrets Manager)", "the password"),
        new(SslMode, VerifyFull, "TLS, with the certificate checked against the roots and the host name"),
        new(SslRootCert, "/etc/webstack/rds-ca.pem", "the region's RDS root certificates (the rehearsals' throw-away CA locally)"),
        new(Url, "postgresql://webstack:...@host:5432/webstack?sslmode=verify-full&sslrootcert=%2Fetc%2Fwebstack%2Frds-ca.pem", "the same as one URL (Heroku's form; user and password URL-encoded)"),
        new(ConnectionString, "Host=...;Port=5432;Database=webstack;Username=webstack;Password=...;SSL Mode=VerifyFull;Root Certificate=/etc/webstack/rds-ca.pem", "the same in Npgsql's form: ASP.NET Core's GetConnectionString(\"Default\")"),
        new(JdbcUrl, "jdbc:postgresql://host:5432/webstack?sslmode=verify-full&sslrootcert=/etc/webstack/rds-ca.pem", "the same for JDBC (Spring Boot's spring.datasource.url, pgjdbc)"),
        new(JdbcUser, "webstack", "Spring Boot's spring.datasource.username"),
        new(JdbcPassword, "(from Secrets Manager)", "Spring Boot's spring.datasource.password"),
    ];

    /// <summary>The names whose values are secret: never in a unit, a log or a plan.</summary>
    public static IReadOnlySet<string> SecretNames { get; } = new HashSet<string>(StringComparer.Ordinal) { Password, Url, ConnectionString, JdbcPassword };

    /// <summary>Every form, in the order of <see cref="Variables"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(DatabaseEndpoint database)
    {
        var port = database.Port.ToString(CultureInfo.InvariantCulture);
        return
        [
            new(Host, database.Host),
            new(Port, port),
            new(Database, database.Name),
            new(User, database.User),
            new(Password, database.Password),
            new(SslMode, VerifyFull),
            new(SslRootCert, database.RootCertificateFile),
            new(Url, $"postgresql://{Uri.EscapeDataString(database.User)}:{Uri.EscapeDataString(database.Password)}@{database.Host}:{port}/{Uri.EscapeDataString(database.Name)}"
                + $"?sslmode={VerifyFull}&sslrootcert={Uri.EscapeDataString(database.RootCertificateFile)}"),
            new(ConnectionString, string.Join(';',
                $"Host={NpgsqlValue(database.Host)}", $"Port={port}", $"Database={NpgsqlValue(database.Name)}", $"Username={NpgsqlValue(database.User)}",
                $"Password={NpgsqlValue(database.Password)}", "SSL Mode=VerifyFull", $"Root Certificate={NpgsqlValue(database.RootCertificateFile)}")),
            new(JdbcUrl, $"jdbc:postgresql://{database.Host}:{port}/{Uri.EscapeDataString(database.Name)}?sslmode={VerifyFull}&sslrootcert={database.RootCertificateFile}"),
            new(JdbcUser, database.User),
            new(JdbcPassword, database.Password),
        ];
    }

    /// <summary>
    /// A value of an ADO.NET connection string: as it is when it can't be misread, else in double quotes with any
    /// double quote doubled (DbConnectionStringBuilder's rule), so a ';' in a password can't start another setting.
    /// </summary>
    public static string NpgsqlValue(string value) =>
        value.Length > 0 && !value.Any(c => c is ';' or '=' or '"' or '\'' || char.IsWhiteSpace(c))
            ? value
            : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The jq program the user data runs on the RDS secret (host, port, dbname, username, password): one
    /// NAME="value" line per variable, in systemd's EnvironmentFile syntax, the same values <see cref="For"/> gives.
    /// <paramref name="rootCertificateFile"/> is where the user data installs the roots.
    /// </summary>
    public static string JqFilter(string rootCertificateFile)
    {
        var root = JqString(rootCertificateFile);
        var filter = new StringBuilder();
        filter.Append(EnvironmentFile.JqQuoteDefinition).Append(' ');
        // ADO.NET's quoting of a connection string value, as NpgsqlValue does it.
        filter.Append("def npgsql: tostring | if length > 0 and (test(\"[;=\\\"'\\\\s]\") | not) then . else \"\\\"\" + gsub(\"\\\"\"; \"\\\"\\\"\") + \"\\\"\" end; ");
        // Percent-encoding as Uri.EscapeDataString does it (only A-Z a-z 0-9 - _ . ~ left as they are): jq 1.7's @uri,
        // and jq 1.6's (which left ! * ' ( ) too) with those encoded after it.
        filter.Append("def uri: @uri | gsub(\"!\"; \"%21\") | gsub(\"[*]\"; \"%2A\") | gsub(\"'\"; \"%27\") | gsub(\"[(]\"; \"%28\") | gsub(\"[)]\"; \"%29\"); ");
        filter.Append("(.port | tostring) as $port | ");
        filter.Append($"\"{Host}=\" + (.host | q), ");
        filter.Append($"\"{Port}=\" + ($port | q), ");
        filter.Append($"\"{Database}=\" + (.dbname | q), ");
        filter.Append($"\"{User}=\" + (.username | q), ");
        filter.Append($"\"{Password}=\" + (.password | q), ");
        filter.Append($"\"{SslMode}=\" + (\"{VerifyFull}\" | q), ");
        filter.Append($"\"{SslRootCert}=\" + ({root} | q), ");
        filter.Append($"\"{Url}=\" + (\"postgresql://\" + (.username | uri) + \":\" + (.password | uri) + \"@\" + .host + \":\" + $port + \"/\" + (.dbname | uri)"
            + $" + \"?sslmode={VerifyFull}&sslrootcert=\" + ({root} | uri) | q), ");
        filter.Append($"\"{ConnectionString}=\" + ([\"Host=\" + (.host | npgsql), \"Port=\" + $port, \"Database=\" + (.dbname | npgsql), \"Username=\" + (.username | npgsql),"
            + $" \"Password=\" + (.password | npgsql), \"SSL Mode=VerifyFull\", \"Root Certificate=\" + ({root} | npgsql)] | join(\";\") | q), ");
        filter.Append($"\"{JdbcUrl}=\" + (\"jdbc:postgresql://\" + .host + \":\" + $port + \"/\" + (.dbname | uri) + \"?sslmode={VerifyFull}&sslrootcert=\" + {root} | q), ");
        filter.Append($"\"{JdbcUser}=\" + (.username | q), ");
        filter.Append($"\"{JdbcPassword}=\" + (.password | q)");
        return filter.ToString();
    }

    /// <summary>A jq string literal.</summary>
    private static string JqString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
