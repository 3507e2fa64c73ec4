// Why the database's certificate was refused. Npgsql checks it (against the root file, and the name for verify-full)
// but only says that its check failed; after such a failure this looks at the certificate the server presents and
// tells which check it fails: not signed by a trusted authority, expired, or for another host. It never accepts
// anything itself: the connection was already refused. /health gets the reason without the names in the certificate
// (anyone behind the load balancer can read it); the log gets them.
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace WebStack.App;

internal sealed class DatabaseCertificateCheck(AppOptions options, ILogger<DatabaseCertificateCheck> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // PostgreSQL's SSLRequest: length 8, then the request code 80877103 (1234 << 16 | 5679), both big-endian.
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

    /// <summary>Whether <paramref name="exception"/> is the TLS handshake refusing the server's certificate.</summary>
    public static bool IsCertificateRefusal(Exception exception)
    {
        for (var current = (Exception?)exception; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which check the server's certificate fails, or null when that can't be told (it answers no more, or passes).</summary>
    public async Task<string?> ExplainAsync(CancellationToken cancellationToken)
    {
        var database = options.Database;
        if (!database.VerifiesCertificate || database.RootCertificate is null)
        {
            return null;
        }

        var (presented, errors) = await PresentedCertificateAsync(database, cancellationToken);
        if (presented is null)
        {
            return null;
        }

        using (presented)
        {
            var reason = Judge(presented, errors, database);
            if (reason is not null)
            {
                logger.LogWarning("Database certificate refused: {Reason}. It is {Subject}, for {Names}, issued by {Issuer}, valid {From:u} to {To:u}; the app connects to {Host}",
                    reason, presented.Subject, string.Join(", ", NamesIn(presented)), presented.Issuer, presented.NotBefore.ToUniversalTime(), presented.NotAfter.ToUniversalTime(), database.Host);
            }

            return reason;
        }
    }

    private static string? Judge(X509Certificate2 presented, SslPolicyErrors errors, DatabaseOptions database)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(database.RootCertificate!);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(presented))
        {
            var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, item) => all | item.Status);
            return status.HasFlag(X509ChainStatusFlags.NotTimeValid)
                ? $"TLS refused: the database's certificate is outside its validity period ({presented.NotBefore.ToUniversalTime():yyyy-MM-dd} to {presented.NotAfter.ToUniversalTime():yyyy-MM-dd})"
                : $"TLS refused: the database's certificate is not signed by a certificate authority in {database.RootCertificate} (another CA; {database.SslMode} trusts only those roots)";
        }

        return database.SslMode == SslMode.VerifyFull && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            ? "TLS refused: the database's certificate is for another host name than the one the app connects to (VerifyFull checks the name)"
            : null;
    }

    private static async Task<(X509Certificate2? Certificate, SslPolicyErrors Errors)> PresentedCertificateAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        X509Certificate2? presented = null;
        var errors = SslPolicyErrors.None;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(database.Host, database.Port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(SslRequest, deadline.Token);
            var answer = new byte[1];
            if (await stream.ReadAsync(answer, deadline.Token) != 1 || answer[0] != (byte)'S')
            {
                return (null, errors);
            }

            await using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = database.Host,
                    // Looks, then refuses: this handshake is only for reading the certificate and what .NET thinks of it.
                    RemoteCertificateValidationCallback = (_, certificate, _, policyErrors) =>
                    {
                        presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                        errors = policyErrors;
                        return false;
                    },
                }, deadline.Token);
            }
            catch (AuthenticationException)
            {
                // Expected: the callback refused.
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return (presented, errors);
        }

        return (presented, errors);
    }

    private static IEnumerable<string> NamesIn(X509Certificate2 certificate)
    {
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return alternative is null
            ? [certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)]
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(address => address.ToString()));
    }
}
