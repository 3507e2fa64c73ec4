// The RDS certificate authorities a PostgreSQL instance's certificate can come from (the instance's caCertIdentifier),
// each a root per region that the servers must trust. The 2019 authority expired in 2024 and isn't offered.
namespace WebStack.Core.Database;

public static class RdsCaIdentifiers
{
    public const string Rsa2048 = "rds-ca-rsa2048-g1";
    public const string Rsa4096 = "rds-ca-rsa4096-g1";
    public const string Ecc384 = "rds-ca-ecc384-g1";

    public static IReadOnlyList<string> All { get; } = [Rsa2048, Rsa4096, Ecc384];

    /// <summary>The key type in the root's name ("Amazon RDS us-east-1 Root CA RSA2048 G1") of each identifier.</summary>
    public static string KeyTypeOf(string identifier) => identifier switch
    {
        Rsa2048 => "RSA2048",
        Rsa4096 => "RSA4096",
        Ecc384 => "ECC384",
        _ => throw new ArgumentException($"{identifier} is not an RDS certificate authority this stack knows", nameof(identifier)),
    };
}
