// A certificate authority made for one rehearsal and thrown away with it: generated in memory with .NET's certificate
// APIs (no network, no openssl), trusted by nothing on this machine, its files only in the run's directory. It issues
// the certificates a rehearsal serves TLS with (PostgreSQL standing in for RDS, HAProxy for the ALB), as ACM and the
// RDS authority do in AWS; clients are given its certificate to verify them with, as the servers are given RDS's roots.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebStack.Local.Rehearsal;

/// <summary>A certificate and its private key, as PEM text.</summary>
public sealed record IssuedCertificate(string Subject, string CertificatePem, string KeyPem)
{
    /// <summary>Writes the certificate and the key (the key readable by its owner only).</summary>
    public void WriteTo(string certificatePath, string keyPath)
    {
        File.WriteAllText(certificatePath, CertificatePem);
        File.WriteAllText(keyPath, "");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(keyPath, KeyPem);
    }

    /// <summary>Certificate then key in one file, as HAProxy's crt takes them; readable by its owner only.</summary>
    public void WriteCombined(string path)
    {
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, CertificatePem + KeyPem);
    }
}

public sealed class ThrowawayCertificateAuthority : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(2);

    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;

    private ThrowawayCertificateAuthority(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        _certificate = certificate;
    }

    /// <summary>The authority's own certificate, PEM: what a client verifies the issued certificates with.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem() + "\n";

    public string Subject => _certificate.Subject;

    /// <param name="name">Its common name, e.g. "webstack rehearsal CA 1a2b".</param>
    public static ThrowawayCertificateAuthority Create(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, O=webstack throw-away"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
        return new ThrowawayCertificateAuthority(key, certificate);
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> and <paramref name="addresses"/>, signed by this authority.</summary>
    public IssuedCertificate IssueServer(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var commonName = dnsNames.Count > 0 ? dnsNames[0] : addresses[0].ToString();
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "server authentication")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), now + Validity, serial);
        return new IssuedCertificate(issued.Subject, issued.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public void WriteCertificate(string path) => File.WriteAllText(path, CertificatePem);

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
