// What the app trusts the database's certificate by: a verifying sslmode needs a file of root certificates that
// exists and holds some, and a root file with a mode that never looks at it would only look safe. Every problem is
// reported with the others, before anything listens.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace WebStack.App;

internal static class DatabaseTrust
{
    /// <summary>The root certificate file to use, or null; adds to <paramref name="found"/> what makes the setting unverifiable.</summary>
    public static string? Check(SslMode mode, string? rootCertificate, List<string> found)
    {
        const string name = ContractVariables.ConnectionString;
        var verifies = mode is SslMode.VerifyCA or SslMode.VerifyFull;
        var modeName = mode.ToString();
        if (rootCertificate is null)
        {
            if (verifies)
            {
                found.Add($"{name} has SSL Mode={modeName}, which checks the database's certificate against the authority that signed it, "
                    + "but no Root Certificate: it must name the PEM file of that authority's root certificates "
                    + $"(on the stack's servers, {ContractVariables.ServerRootCertificates}).");
            }

            return null;
        }

        if (!verifies)
        {
            found.Add($"{name} has a Root Certificate, but SSL Mode={modeName}, which never checks the database's certificate "
                + "against it; use SSL Mode=VerifyFull (or leave the root certificates out).");
            return null;
        }

        if (!File.Exists(rootCertificate))
        {
            found.Add($"{name} has Root Certificate=\"{rootCertificate}\": no such file, so the database's certificate could not be verified.");
            return null;
        }

        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(rootCertificate);
            if (roots.Count == 0)
            {
                found.Add($"{name} has Root Certificate=\"{rootCertificate}\": the file holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
                return null;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            found.Add($"{name} has Root Certificate=\"{rootCertificate}\": it can't be read as PEM certificates ({exception.Message.TrimEnd('.')}).");
            return null;
        }

        return rootCertificate;
    }
}
