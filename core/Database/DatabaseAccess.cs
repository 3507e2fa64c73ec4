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

    public const string SslMode = "require";
}
