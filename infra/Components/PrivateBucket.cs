// A bucket of the stack that nobody outside the account can read: public access blocked four ways, ACLs disabled
// (the bucket owner owns every object), SSE-S3 encryption by default. The package store and the access-log bucket are
// both made this way; each adds what is its own (the package object, the log writer's policy and the expiry).
using Pulumi;
using WebStack.Core;
using WebStack.Core.Naming;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="Settings">The bucket's access block, ownership and encryption: what must exist before anything is put in it.</param>
public sealed record PrivateBucket(Aws.S3.Bucket Bucket, IReadOnlyList<Resource> Settings)
{
    /// <summary>SSE-S3: S3's own keys (the one encryption ALB log delivery takes).</summary>
    public const string Encryption = "AES256";

    public static PrivateBucket Create(StackPlan plan, PlannedName bucket, PlannedName publicAccessBlock, PlannedName ownership, PlannedName encryption, Resource parent)
    {
        CustomResourceOptions Child() => new() { Parent = parent };
        var created = new Aws.S3.Bucket(bucket.Logical, new Aws.S3.BucketArgs
        {
            // Outside prod a destroy takes the objects with it; prod's can't vanish with a stray destroy.
            ForceDestroy = plan.Lifecycle.EmptyBucketsOnDestroy,
            Tags = Tagging.For(plan, bucket),
        }, Child());

        var block = new Aws.S3.BucketPublicAccessBlock(publicAccessBlock.Logical, new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = created.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, Child());

        var owner = new Aws.S3.BucketOwnershipControls(ownership.Logical, new Aws.S3.BucketOwnershipControlsArgs
        {
            Bucket = created.Id,
            Rule = new Aws.S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, Child());

        var encrypted = new Aws.S3.BucketServerSideEncryptionConfiguration(encryption.Logical, new Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = created.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = Encryption,
                    },
                },
            },
        }, Child());

        return new PrivateBucket(created, [block, owner, encrypted]);
    }
}
