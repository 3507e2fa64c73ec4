// What the app trusts the database's certificate by: a verifying sslmode needs a file of root certificates that
// exists and holds some, and a root file with a mode that never looks at it would only look safe. Every problem is
// reported with the others, before anything listens.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using WebStack.Core.Servers;

namespace WebStack.App;

internal static class DatabaseTrust
{
    /// <summary>The root certificate file to use, or null; adds to <paramref name="found"/> what makes the setting unverifiable.</summary>
    public static string? Check(SslMode mode, string? rootCertificate, List<string> found)
    {
        var verifies = mode is SslMode.VerifyCA or SslMode.VerifyFull;
        var modeName = mode == SslMode.VerifyFull ? "verify-full" : mode == SslMode.VerifyCA ? "verify-ca" : mode.ToString().ToLowerInvariant();
        if (rootCertificate is null)
        {
            if (verifies)
            {
                found.Add($"{AppEnvironment.DbSslMode} is {modeName}, which checks the database's certificate against the authority that signed it, "
                    + $"but {AppEnvironment.DbSslRootCert} is not set: it must name the PEM file of that authority's root certificates "
                    + $"(on the stack's servers, {ServerLayout.DatabaseCaFile}).");
            }

            return null;
        }

        if (!verifies)
        {
            found.Add($"{AppEnvironment.DbSslRootCert} is set, but {AppEnvironment.DbSslMode} is {modeName}, which never checks the database's certificate "
                + "against it; use verify-full (or leave the root certificates out).");
            return null;
        }

        if (!File.Exists(rootCertificate))
        {
            found.Add($"{AppEnvironment.DbSslRootCert} is \"{rootCertificate}\": no such file, so the database's certificate could not be verified.");
            return null;
        }

        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(rootCertificate);
            if (roots.Count == 0)
            {
                found.Add($"{AppEnvironment.DbSslRootCert} is \"{rootCertificate}\": the file holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
                return null;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            found.Add($"{AppEnvironment.DbSslRootCert} is \"{rootCertificate}\": it can't be read as PEM certificates ({exception.Message.TrimEnd('.')}).");
            return null;
        }

        return rootCertificate;
    }
}
