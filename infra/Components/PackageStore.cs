// Where the servers get their apps: a private, encrypted S3 bucket holding each app's package at
// app/<site>/<sha256>.tar.gz, so every build is a new object (and a new launch template version), and older ones stay:
// a package replaced by a newer one is kept in the bucket (retained when Pulumi deletes it), because the group goes on
// launching the release before until a deploy succeeds, and a rollback needs it. The region's pinned RDS root certificates sit beside them at ca/rds-<region>-<sha256>.pem, fetched
// and hash-checked the same way. Only non-prod buckets are emptied on destroy, so a test stack goes away completely
// while prod's packages can't vanish with a stray destroy.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Database;
using WebStack.Core.Servers;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

internal sealed record PackageStoreArgs(StackPlan Plan, StackPackages Packages);

internal sealed class PackageStore : ComponentResource
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
        var afterBucket = new CustomResourceOptions { Parent = this, DependsOn = [.. bucket.Settings] };
        _ = new Aws.S3.BucketPolicy(names.BucketPolicy.Logical, new Aws.S3.BucketPolicyArgs
        {
            Bucket = Bucket.Id,
            Policy = Bucket.Arn.Apply(arn => PolicyDocuments.BucketPolicy(arn)),
        }, afterBucket);

        PackageObjects = args.Packages.Owned.Select(app =>
        {
            var objectName = names.PackageObjectOf(app.Owner);
            return new Aws.S3.BucketObjectv2(objectName.Logical, new Aws.S3.BucketObjectv2Args
            {
                Bucket = Bucket.Id,
                Key = app.ObjectKey,
                Source = new FileAsset(app.Package.Path),
                ContentType = "application/gzip",
                ServerSideEncryption = Encryption,
                Tags = Tagging.ForS3Object(plan, objectName),
            }, PackageObjectOptions(this, bucket.Settings));
        }).ToList();

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
        }, afterBucket);

        CaBundleKey = bundle.ObjectKey;
        CaBundleArn = Bucket.Arn.Apply(arn => $"{arn}/{bundle.ObjectKey}");
        BucketName = Bucket.BucketName;
        var keys = args.Packages.Owned.Select(app => app.ObjectKey).ToImmutableArray();
        var readable = args.Packages.Owned.Select(app => AppPackage.ObjectKeysOf(app.Owner)).ToImmutableArray();
        ObjectArns = Bucket.Arn.Apply(arn => readable.Select(key => $"{arn}/{key}").ToImmutableArray());
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["objectKeys"] = keys,
            ["caBundleKey"] = CaBundleKey,
        });
    }

    /// <summary>
    /// A package object's options: kept in the bucket when a new package replaces it (the previous release's servers,
    /// launched on scale-out or replacement after a failed deploy, download it). The mock engine doesn't pass
    /// options to IMocks, so the tests read them here.
    /// </summary>
    internal static CustomResourceOptions PackageObjectOptions(Resource? parent, IEnumerable<Resource> dependsOn) =>
        new() { Parent = parent, DependsOn = [.. dependsOn], RetainOnDelete = true };

    public Aws.S3.Bucket Bucket { get; }

    /// <summary>Each app's package, one per owner; the servers wait for them.</summary>
    public IReadOnlyList<Aws.S3.BucketObjectv2> PackageObjects { get; }

    /// <summary>The region's RDS root certificates the servers install; they wait for it.</summary>
    public Aws.S3.BucketObjectv2 CaBundleObject { get; }

    public string CaBundleKey { get; }

    /// <summary>The ARN of exactly the root certificates' object, which the servers may read too.</summary>
    public Output<string> CaBundleArn { get; }

    public Output<string> BucketName { get; }

    /// <summary>The ARNs of each app's packages (app/&lt;owner&gt;/*): all the servers may read of the bucket, with the roots.</summary>
    public Output<ImmutableArray<string>> ObjectArns { get; }
}
