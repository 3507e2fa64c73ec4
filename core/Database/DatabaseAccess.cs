// How the app tier reaches the database: the names of the database and its user, the master password's alphabet,
// and the secret (in Secrets Manager) that carries the connection details to the servers.
using System.Text.Json;

namespace WebStack.Core.Database;

public static class DatabaseAccess
{
    public const string DatabaseName = "webstack";
    public const string Username = "webstack";
    public const int PasswordLength = 32;

    /// <summary>
    /// Special characters allowed in the generated password. RDS refuses '/', '@', '"' and space; quotes, '\\',
    /// '$' and '`' are left out too, so the password needs no escaping in the servers' environment file or a shell.
    /// </summary>
    public const string PasswordSpecialCharacters = "!#%&*()-_=+[]{}<>:?.,;^~";

    /// <summary>Characters RDS refuses in a master password, or that the environment file can't carry unescaped.</summary>
    public static bool IsAllowedInPassword(char c) =>
        char.IsAsciiLetterOrDigit(c) || PasswordSpecialCharacters.Contains(c);

    /// <summary>
    /// The secret's JSON, in the shape RDS itself uses for its managed secrets (host, port, dbname, username,
    /// password), which is what the user data reads with jq.
    /// </summary>
    public static string SecretJson(string host, int port, string password) =>
        JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["dbname"] = DatabaseName,
            ["host"] = host,
            ["password"] = password,
            ["port"] = port,
            ["username"] = Username,
        });

    /// <summary>
    /// The servers encrypt and verify: the certificate must chain to a trusted RDS root and name the host they asked
    /// for, so a machine in the VPC posing as the database is refused (require would encrypt and trust anyone).
    /// </summary>
    public const string SslMode = "verify-full";

    /// <summary>The RDS parameter that refuses every connection without TLS.</summary>
    public const string ForceSslParameter = "rds.force_ssl";

    /// <summary>The parameter group family of an engine version: "postgres17" for 17 or 17.4.</summary>
    public static string ParameterGroupFamily(string engineVersion) => $"postgres{engineVersion.Split('.')[0]}";
}
