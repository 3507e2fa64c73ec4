// Where the stack's logs go: a CloudWatch Logs group per server log (nginx's access and error logs, the app's), kept
// logRetentionDays, which the servers' CloudWatch agent writes to; and a private bucket for the load balancer's access
// logs, encrypted with S3's own keys (the only encryption ALB log delivery supports), whose policy lets the region's
// log writer put objects under alb/AWSLogs/<account>/ and nothing else, and which expires them after the same days.
// Like the package bucket, it is emptied on destroy outside prod only.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Monitoring;
using WebStack.Core.Servers;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record LogsArgs(StackPlan Plan);

public sealed class Logs : ComponentResource
{
    public const string TypeToken = "webstack:logs:Logs";

    public Logs(string name, LogsArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var retention = plan.Settings.Monitoring.LogRetentionDays;

        var groups = new Dictionary<string, Aws.CloudWatch.LogGroup>(StringComparer.Ordinal);
        foreach (var key in ServerLogs.Keys)
        {
            var groupName = names.ServerLogGroup(key);
            groups[key] = new Aws.CloudWatch.LogGroup(groupName.Logical, new Aws.CloudWatch.LogGroupArgs
            {
                RetentionInDays = retention,
                Tags = Tagging.For(plan, groupName),
            }, Child());
        }

        ServerLogGroups = groups;
        ServerLogGroupNames = Output.All(ServerLogs.Keys.Select(key => groups[key].Name))
            .Apply(values => ServerLogs.Keys.Zip(values).ToImmutableDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal));
        ServerLogGroupArns = Output.All(ServerLogs.Keys.Select(key => groups[key].Arn));

        var bucket = PrivateBucket.Create(plan, names.AccessLogBucket, names.AccessLogBucketPublicAccessBlock, names.AccessLogBucketOwnership,
            names.AccessLogBucketEncryption, this);
        AccessLogBucket = bucket.Bucket;

        _ = new Aws.S3.BucketLifecycleConfiguration(names.AccessLogBucketExpiry.Logical, new Aws.S3.BucketLifecycleConfigurationArgs
        {
            Bucket = AccessLogBucket.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketLifecycleConfigurationRuleArgs
                {
                    Id = "expire-access-logs",
                    Status = "Enabled",
                    Filter = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = AlbLogDelivery.Prefix + "/" },
                    Expiration = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs { Days = retention },
                },
            },
        }, Child());

        var writer = AlbLogDelivery.WriterIn(plan.Settings.Region);
        var partition = AwsPartition.Of(plan.Settings.Region);
        var principal = writer.Account is { } account
            ? new Dictionary<string, string> { ["AWS"] = $"arn:{partition}:iam::{account}:root" }
            : new Dictionary<string, string> { ["Service"] = AlbLogWriter.ServicePrincipal };
        var caller = Aws.GetCallerIdentity.Invoke(new Aws.GetCallerIdentityInvokeArgs(), new InvokeOptions { Parent = this });
        // The load balancer checks that it may write when access logs are turned on: it waits for this policy.
        AccessLogBucketPolicy = new Aws.S3.BucketPolicy(names.AccessLogBucketPolicy.Logical, new Aws.S3.BucketPolicyArgs
        {
            Bucket = AccessLogBucket.Id,
            Policy = Output.Tuple(AccessLogBucket.Arn, caller).Apply(values => PolicyDocuments.BucketPolicy(
                values.Item1, "LoadBalancerAccessLogs", principal, "s3:PutObject", $"{values.Item1}/{AlbLogDelivery.ObjectKeys(values.Item2.AccountId)}")),
        }, new CustomResourceOptions { Parent = this, DependsOn = [.. bucket.Settings] });

        AccessLogBucketName = AccessLogBucket.BucketName;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["serverLogGroups"] = ServerLogGroupNames,
            ["accessLogBucket"] = AccessLogBucketName,
        });
    }

    public IReadOnlyDictionary<string, Aws.CloudWatch.LogGroup> ServerLogGroups { get; }

    /// <summary>The log group of each server log, by its key (ServerLogs.Keys).</summary>
    public Output<ImmutableDictionary<string, string>> ServerLogGroupNames { get; }

    public Output<ImmutableArray<string>> ServerLogGroupArns { get; }

    public Aws.S3.Bucket AccessLogBucket { get; }

    /// <summary>The load balancer may write its access logs once this exists.</summary>
    public Aws.S3.BucketPolicy AccessLogBucketPolicy { get; }

    public Output<string> AccessLogBucketName { get; }

    private CustomResourceOptions Child() => new() { Parent = this };
}
