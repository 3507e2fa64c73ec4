// The package store: a private, encrypted bucket with the package at app/<sha256>.tar.gz; only non-prod buckets are
// emptied on destroy.
using WebStack.Core.Database;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class PackageStoreTests
{
    [Theory]
    [InlineData("dev", true)]
    [InlineData("prod", false)]
    public async Task TheBucketIsPrivateEncryptedAndHoldsThePackageByItsHash(string stack, bool forceDestroy)
    {
        var run = await StackRunner.RunAsync(stack);
        var bucket = run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket);
        var bucketId = MockCloud.IdOf(bucket.Name!);
        Assert.Equal(forceDestroy, bucket.Flag("forceDestroy"));

        var block = run.Named(ResourceTypes.BucketPublicAccessBlock, run.Plan.Names.BucketPublicAccessBlock);
        Assert.Equal(bucketId, block.Text("bucket"));
        Assert.True(block.Flag("blockPublicAcls"));
        Assert.True(block.Flag("blockPublicPolicy"));
        Assert.True(block.Flag("ignorePublicAcls"));
        Assert.True(block.Flag("restrictPublicBuckets"));

        var encryption = run.Named(ResourceTypes.BucketEncryption, run.Plan.Names.BucketEncryption);
        Assert.Equal(bucketId, encryption.Text("bucket"));
        var rule = Assert.Single(encryption.Maps("rules"));
        Assert.Equal(PackageStore.Encryption, rule.Map("applyServerSideEncryptionByDefault").Text("sseAlgorithm"));

        Assert.Equal("BucketOwnerEnforced", run.Named(ResourceTypes.BucketOwnershipControls, run.Plan.Names.BucketOwnership).Map("rule").Text("objectOwnership"));

        var package = run.Named(ResourceTypes.BucketObject, run.Plan.Names.PackageObject);
        Assert.Equal(bucketId, package.Text("bucket"));
        Assert.Equal(TestPackage.Package.ObjectKeyFor("default"), package.Text("key"));
        Assert.Equal($"app/default/{TestPackage.Package.Sha256}.tar.gz", package.Text("key"));
        Assert.Equal(PackageStore.Encryption, package.Text("serverSideEncryption"));
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("ap-northeast-2")]
    public async Task TheRegionsRdsRootsSitBesideThePackageNamedByTheirHash(string region)
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["aws:region"] = region });
        var bundle = RdsCertificateAuthorities.For(region);

        var roots = run.Named(ResourceTypes.BucketObject, run.Plan.Names.CaBundleObject);
        Assert.Equal(MockCloud.IdOf(run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket).Name!), roots.Text("bucket"));
        Assert.Equal($"ca/rds-{region}-{bundle.Sha256}.pem", roots.Text("key"));
        Assert.Equal(bundle.Pem, roots.Text("content"));
        Assert.Equal(PackageStore.Encryption, roots.Text("serverSideEncryption"));
        Assert.Contains($"CN=Amazon RDS {region} Root CA RSA2048 G1",
            System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(roots.Text("content")).Subject, StringComparison.Ordinal);
    }
}
