// The pinned RDS roots: the file is what its hash says, every root in it is a self-signed Amazon RDS G1 root whose
// signature holds, each covered region has its three (RSA2048, RSA4096, ECC384), and the roots match what AWS itself
// publishes (the us-west-2 thumbprints in the AWS CLI reference for describe-certificates).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WebStack.Core.Database;

namespace WebStack.Core.Tests.Database;

public sealed class RdsCertificateAuthoritiesTests
{
    [Fact]
    public void The_embedded_file_is_the_pinned_one()
    {
        var text = RdsCertificateAuthorities.FileText();

        Assert.Equal(RdsCertificateAuthorities.FileSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void Every_covered_region_has_its_three_self_signed_G1_roots_valid_for_decades()
    {
        Assert.Equal(27, RdsCertificateAuthorities.Regions.Count);
        foreach (var region in RdsCertificateAuthorities.Regions)
        {
            var roots = Roots(RdsCertificateAuthorities.For(region).Pem);
            Assert.Equal(
                new[] { "RSA2048", "RSA4096", "ECC384" }.Select(type => $"Amazon RDS {region} Root CA {type} G1"),
                roots.Select(root => root.GetNameInfo(X509NameType.SimpleName, forIssuer: false)));
            foreach (var root in roots)
            {
                Assert.Equal(root.Subject, root.Issuer);
                Assert.True(SignedBy(root, root), $"{root.Subject}: its self-signature doesn't verify");
                Assert.True(root.NotAfter.Year >= 2061, $"{root.Subject} expires {root.NotAfter:yyyy-MM-dd}");
                Assert.Contains(root.Extensions.OfType<X509BasicConstraintsExtension>(), constraint => constraint.CertificateAuthority);
            }
        }
    }

    [Theory]
    [InlineData("RSA2048", "7c40cb42714b6fdb2b296f9bbd0e8bb364436a76")]
    [InlineData("RSA4096", "19da4f2af579a8ae1f6a0fa77aa5befd874b4cab")]
    [InlineData("ECC384", "2ee3dcc06e50192559b13929e73484354f23387d")]
    public void The_us_west_2_roots_are_the_ones_AWS_reports_for_the_region(string type, string thumbprint)
    {
        var root = Roots(RdsCertificateAuthorities.For("us-west-2").Pem)
            .Single(certificate => certificate.Subject.Contains($"Root CA {type} G1", StringComparison.Ordinal));

        Assert.Equal(thumbprint, root.Thumbprint.ToLowerInvariant());
    }

    [Fact]
    public void A_regions_bundle_is_named_and_checked_by_its_own_hash()
    {
        var bundle = RdsCertificateAuthorities.For("ap-northeast-2");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bundle.Pem))), bundle.Sha256);
        Assert.Equal($"ca/rds-ap-northeast-2-{bundle.Sha256}.pem", bundle.ObjectKey);
        Assert.NotEqual(bundle.Sha256, RdsCertificateAuthorities.For("us-east-1").Sha256);
    }

    [Fact]
    public void A_region_without_roots_is_an_error_not_an_empty_bundle()
    {
        Assert.False(RdsCertificateAuthorities.Covers("il-central-1"));
        Assert.Throws<ArgumentException>(() => RdsCertificateAuthorities.For("il-central-1"));
    }

    private static List<X509Certificate2> Roots(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
