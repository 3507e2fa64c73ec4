// Transport security end to end: the stack's name and certificate for clients, HSTS, and which RDS certificate
// authority signs the database's certificate (the servers verify it).
namespace WebStack.Core.Settings;

/// <param name="Domain">The stack's own name and zone; null serves on the load balancer's DNS name only.</param>
/// <param name="HstsMaxAgeSeconds">How long browsers keep to HTTPS once told (Strict-Transport-Security); 0 sends no HSTS.</param>
/// <param name="DatabaseCaIdentifier">The RDS certificate authority of the database's certificate, e.g. rds-ca-rsa2048-g1.</param>
public sealed record TlsSettings(StackDomain? Domain, int HstsMaxAgeSeconds, string DatabaseCaIdentifier);
