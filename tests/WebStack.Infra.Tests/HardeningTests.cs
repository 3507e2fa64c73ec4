// Settings AWS's own checks (Security Hub's FSBP controls) look for on the resources the stack makes, beyond the
// firewall rules: the VPC's default security group allows nothing (EC2.2); the load balancer mitigates HTTP desync
// (ELB.12), drops invalid headers (ELB.4) and, in prod, refuses deletion (ELB.6); the database allows IAM
// authentication (RDS.10) and copies its tags to snapshots (RDS.17); both buckets refuse plain HTTP (S3.5).
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class HardeningTests
{
    [Theory]
    [InlineData("dev", false)]
    [InlineData("prod", true)]
    public async Task TheLoadBalancerMitigatesDesyncDropsInvalidHeadersAndInProdRefusesDeletion(string stack, bool protectedFromDeletion)
    {
        var run = await StackRunner.RunAsync(stack);

        var alb = run.Single(ResourceTypes.LoadBalancer);
        Assert.Equal(WebLoadBalancer.DesyncMitigationMode, alb.Text("desyncMitigationMode"));
        Assert.True(alb.Flag("dropInvalidHeaderFields"));
        Assert.Equal(protectedFromDeletion, alb.Flag("enableDeletionProtection"));
        var teardown = await StackRunner.RunAsync(stack, new Dictionary<string, string> { ["albDeletionProtection"] = "false" });
        Assert.False(teardown.Single(ResourceTypes.LoadBalancer).Flag("enableDeletionProtection"));
    }

    [Fact]
    public async Task TheVpcsDefaultSecurityGroupAllowsNothing()
    {
        var run = await StackRunner.RunAsync("prod");

        var group = run.Single(ResourceTypes.DefaultSecurityGroup);
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.Vpc).Name!), group.Text("vpcId"));
        Assert.Empty(group.List("ingress"));
        Assert.Empty(group.List("egress"));
    }

    [Fact]
    public async Task BothBucketsRefuseRequestsOverPlainHttp()
    {
        var run = await StackRunner.RunAsync("prod");
        var names = run.Plan.Names;

        foreach (var (bucketName, policyName) in new[] { (names.Bucket, names.BucketPolicy), (names.AccessLogBucket, names.AccessLogBucketPolicy) })
        {
            var bucket = run.Named(ResourceTypes.Bucket, bucketName);
            var policy = run.Named(ResourceTypes.BucketPolicy, policyName);
            Assert.Equal(MockCloud.IdOf(bucket.Name!), policy.Text("bucket"));
            using var document = System.Text.Json.JsonDocument.Parse(policy.Text("policy"));
            var deny = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray(), statement => statement.GetProperty("Effect").GetString() == "Deny");
            var arn = MockCloud.BucketArnFor(bucket.Name!);
            Assert.Equal(("*", "s3:*"), (deny.GetProperty("Principal").GetString(), deny.GetProperty("Action").GetString()));
            Assert.Equal([arn, $"{arn}/*"], deny.GetProperty("Resource").EnumerateArray().Select(resource => resource.GetString()));
            Assert.Equal("false", deny.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheDatabaseAllowsIamAuthenticationAndCopiesItsTagsToSnapshots(string stack)
    {
        var run = await StackRunner.RunAsync(stack);

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.True(instance.Flag("iamDatabaseAuthenticationEnabled"));
        Assert.True(instance.Flag("copyTagsToSnapshot"));
    }
}
