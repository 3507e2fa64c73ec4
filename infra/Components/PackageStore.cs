// Where the servers get the app: a private, encrypted S3 bucket holding the package at app/<sha256>.tar.gz, so every
// build is a new object (and a new launch template version) and older ones stay for a rollback. The region's pinned
// RDS root certificates sit beside it at ca/rds-<region>-<sha256>.pem, fetched and hash-checked the same way. Only non-prod buckets
// are emptied on destroy, so a test stack goes away completely while prod's packages can't vanish with a stray destroy.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Database;
using WebStack.Core.Servers;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record PackageStoreArgs(StackPlan Plan, AppPackage Package);

public sealed class PackageStore : ComponentResource
{
    public const string TypeToken = "webstack:package:PackageStore";

    public const string Encryption = PrivateBucket.Encryption;

    public PackageStore(string name, PackageStoreArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;

        var bucket = PrivateBucket.Create(plan, names.Bucket, names.BucketPublicAccessBlock, names.BucketOwnership, names.BucketEncryption, this);
        Bucket = bucket.Bucket;

        var objectName = names.PackageObject;
        PackageObject = new Aws.S3.BucketObjectv2(objectName.Logical, new Aws.S3.BucketObjectv2Args
        {
            Bucket = Bucket.Id,
            Key = args.Package.ObjectKey,
            Source = new FileAsset(args.Package.Path),
            ContentType = "application/gzip",
            ServerSideEncryption = Encryption,
            Tags = Tagging.ForS3Object(plan, objectName),
        }, new CustomResourceOptions { Parent = this, DependsOn = [.. bucket.Settings] });

        var bundle = RdsCertificateAuthorities.For(plan.Settings.Region);
        var caName = names.CaBundleObject;
        CaBundleObject = new Aws.S3.BucketObjectv2(caName.Logical, new Aws.S3.BucketObjectv2Args
        {
            Bucket = Bucket.Id,
            Key = bundle.ObjectKey,
            Content = bundle.Pem,
            ContentType = "application/x-pem-file",
            ServerSideEncryption = Encryption,
            Tags = Tagging.ForS3Object(plan, caName),
        }, new CustomResourceOptions { Parent = this, DependsOn = [.. bucket.Settings] });

        CaBundleKey = bundle.ObjectKey;
        CaBundleArn = Bucket.Arn.Apply(arn => $"{arn}/{bundle.ObjectKey}");
        ObjectKey = args.Package.ObjectKey;
        BucketName = Bucket.BucketName;
        ObjectArn = Bucket.Arn.Apply(arn => $"{arn}/{args.Package.ObjectKey}");
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["objectKey"] = ObjectKey,
            ["caBundleKey"] = CaBundleKey,
        });
    }

    public Aws.S3.Bucket Bucket { get; }

    public Aws.S3.BucketObjectv2 PackageObject { get; }

    /// <summary>The region's RDS root certificates the servers install; they wait for it.</summary>
    public Aws.S3.BucketObjectv2 CaBundleObject { get; }

    public string CaBundleKey { get; }

    /// <summary>The ARN of exactly the root certificates' object, which the servers may read too.</summary>
    public Output<string> CaBundleArn { get; }

    public Output<string> BucketName { get; }

    /// <summary>app/&lt;sha256&gt;.tar.gz: the key the servers fetch and check the hash of.</summary>
    public string ObjectKey { get; }

    /// <summary>The ARN of exactly this package object: all the servers may read from the bucket.</summary>
    public Output<string> ObjectArn { get; }

    private CustomResourceOptions Child() => new() { Parent = this };
}
