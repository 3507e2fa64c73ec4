// The TLS material of one rehearsal: its throw-away authority, whose certificate (tls/ca.pem in the run's directory)
// clients verify with, and the certificates it issues to the rehearsal's servers. It lives and goes with the run's
// directory: nothing is written elsewhere, and this machine's trust store never hears of it.
using System.Net;

namespace WebStack.Local.Rehearsal;

public sealed class RehearsalCertificates : IDisposable
{
    private RehearsalCertificates(ThrowawayCertificateAuthority authority, string directory)
    {
        Authority = authority;
        Directory = directory;
    }

    public ThrowawayCertificateAuthority Authority { get; }

    /// <summary>The run's tls/ directory.</summary>
    public string Directory { get; }

    /// <summary>The authority's certificate, for clients to verify with (curl --cacert, the app's root certificate file).</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    public static RehearsalCertificates Create(RunDirectory run)
    {
        var directory = run.Sub("tls");
        var authority = ThrowawayCertificateAuthority.Create($"webstack rehearsal CA {run.Id}");
        var certificates = new RehearsalCertificates(authority, directory);
        authority.WriteCertificate(certificates.CaFile);
        return certificates;
    }

    /// <summary>TLS for a database at <paramref name="address"/> (the app connects by address, so that is the name it checks).</summary>
    public DatabaseTls ForDatabase(IPAddress address, params string[] dnsNames) =>
        new(Authority.IssueServer(dnsNames, [address]), CaFile);

    public void Dispose() => Authority.Dispose();
}
