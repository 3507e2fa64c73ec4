// Every Security Hub control a stack passes (SecurityControls: the README's table), checked on what the program
// registers: for dev, prod, prod with its own name and certificate, and prod without NAT gateways. A control the core
// says passes but that has no check here fails the test, so none is claimed without proof.
using System.Text.Json;
using Pulumi.Testing;
using WebStack.Core.Network;
using WebStack.Core.Security;

namespace WebStack.Infra.Tests;

public sealed class SecurityControlTests
{
    private static readonly string[] OpenToAll = ["0.0.0.0/0", "::/0"];

    public static TheoryData<string, string> Stacks => new()
    {
        { "dev", "" },
        { "prod", "" },
        { "prod", "domainName=www.example.com;hostedZone=example.com" },
        { "prod", "natStrategy=none;waf=false;dbMultiAz=false" },
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EveryControlTheStackPassesHoldsOnTheResourcesItRegisters(string stack, string settings)
    {
        var run = await StackRunner.RunAsync(stack, settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]));

        var passing = SecurityControls.For(run.Plan.Settings).Where(state => state.State.Status == ControlStatus.Passes).Select(state => state.Control.Id).ToList();
        Assert.NotEmpty(passing);
        foreach (var id in passing)
        {
            Assert.True(Checks.ContainsKey(id), $"{id} is said to pass but has no check here");
            try
            {
                Checks[id](run);
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException || exception.Message.Length > 0)
            {
                throw new Xunit.Sdk.XunitException($"{id} ({stack} {settings}): {exception.Message}");
            }
        }
    }

    [Fact]
    public void EveryCheckIsOfAControlTheTableHas()
    {
        Assert.All(Checks.Keys, id => Assert.Contains(SecurityControls.All, control => control.Id == id));
    }

    private static readonly IReadOnlyDictionary<string, Action<StackRun>> Checks = new Dictionary<string, Action<StackRun>>
    {
        ["ACM.1"] = run =>
        {
            // DNS validation through a record the stack keeps in the zone: ACM renews while it is there.
            Assert.Equal("DNS", run.Single(ResourceTypes.Certificate).Text("validationMethod"));
            Assert.NotEmpty(run.Single(ResourceTypes.CertificateValidation).Texts("validationRecordFqdns"));
        },
        ["ACM.2"] = run => Assert.Equal("RSA_2048", run.Single(ResourceTypes.Certificate).Text("keyAlgorithm")),
        ["AutoScaling.1"] = run => Assert.Equal("ELB", Group(run).Text("healthCheckType")),
        ["AutoScaling.2"] = run => Assert.True(Group(run).Texts("vpcZoneIdentifiers").Count >= 2),
        ["AutoScaling.9"] = run => Assert.Equal(MockCloud.IdOf(Template(run).Name!), Group(run).Map("launchTemplate").Text("id")),
        ["EC2.2"] = run =>
        {
            var group = run.Single(ResourceTypes.DefaultSecurityGroup);
            Assert.Empty(group.List("ingress"));
            Assert.Empty(group.List("egress"));
        },
        ["EC2.3"] = run => Assert.All(Template(run).Maps("blockDeviceMappings"), device => Assert.Equal("true", device.Map("ebs").Text("encrypted"))),
        ["EC2.6"] = run => Assert.Equal(("ALL", MockCloud.IdOf(run.Single(ResourceTypes.Vpc).Name!)), (run.Single(ResourceTypes.FlowLog).Text("trafficType"), run.Single(ResourceTypes.FlowLog).Text("vpcId"))),
        ["EC2.8"] = run => Assert.Equal("required", Template(run).Map("metadataOptions").Text("httpTokens")),
        ["EC2.9"] = run =>
        {
            Assert.Empty(Template(run).List("networkInterfaces"));
            Assert.All(run.SubnetsIn(WebStack.Core.Network.SubnetTier.App), subnet => Assert.False(subnet.Flag("mapPublicIpOnLaunch")));
            Assert.Equal(run.SubnetsIn(WebStack.Core.Network.SubnetTier.App).Select(subnet => MockCloud.IdOf(subnet.Name!)).Order(), Group(run).Texts("vpcZoneIdentifiers").Order());
        },
        ["EC2.15"] = run => Assert.All(run.OfType(ResourceTypes.Subnet), subnet => Assert.False(subnet.Flag("mapPublicIpOnLaunch"))),
        ["EC2.16"] = run => Assert.Empty(run.OfType("aws:ec2/networkAcl:NetworkAcl")),
        ["EC2.17"] = run => Assert.True(Template(run).List("networkInterfaces").Count <= 1),
        ["EC2.18"] = run => Assert.All(OpenRules(run), rule => Assert.Contains(rule.Number("fromPort"), new[] { 80, 443 })),
        ["EC2.19"] = run => Assert.All(OpenRules(run), rule => Assert.Equal(rule.Number("fromPort"), rule.Number("toPort"))),
        ["EC2.21"] = run => Assert.Empty(run.OfType("aws:ec2/networkAclRule:NetworkAclRule")),
        ["EC2.24"] = run => Assert.DoesNotMatch("^(t1|m1|m2|c1)\\.", Template(run).Text("instanceType")),
        ["EC2.25"] = run => Assert.DoesNotContain(Template(run).List("networkInterfaces").Cast<IReadOnlyDictionary<string, object>>(), nic => nic.Get("associatePublicIpAddress") as string == "true"),
        ["EC2.53"] = run => Assert.DoesNotContain(OpenRules(run), rule => rule.Number("fromPort") is 22 or 3389),
        ["EC2.54"] = run => Assert.DoesNotContain(OpenRules(run), rule => rule.Number("fromPort") is 22 or 3389),
        ["EC2.57"] = run => Assert.Contains(run.OfType(ResourceTypes.VpcEndpoint), endpoint => endpoint.Text("serviceName").EndsWith(".ssm", StringComparison.Ordinal)),
        ["EC2.170"] = run => Assert.Equal("required", Template(run).Map("metadataOptions").Text("httpTokens")),
        ["EC2.180"] = run => Assert.DoesNotContain(Template(run).List("networkInterfaces").Cast<IReadOnlyDictionary<string, object>>(), nic => nic.ContainsKey("sourceDestCheck")),
        ["EC2.181"] = run => Assert.All(Template(run).Maps("blockDeviceMappings"), device => Assert.Equal("true", device.Map("ebs").Text("encrypted"))),
        ["ELB.1"] = run =>
        {
            var http = Assert.Single(run.OfType(ResourceTypes.Listener), listener => listener.Number("port") == 80);
            var action = Assert.Single(http.Maps("defaultActions"));
            Assert.Equal(("redirect", "HTTPS"), (action.Text("type"), action.Map("redirect").Text("protocol")));
        },
        ["ELB.4"] = run => Assert.True(Alb(run).Flag("dropInvalidHeaderFields")),
        ["ELB.5"] = run => Assert.True(Alb(run).Map("accessLogs").Flag("enabled")),
        ["ELB.6"] = run => Assert.True(Alb(run).Flag("enableDeletionProtection")),
        ["ELB.12"] = run => Assert.Contains(Alb(run).Text("desyncMitigationMode"), new[] { "defensive", "strictest" }),
        ["ELB.13"] = run => Assert.True(Alb(run).Texts("subnets").Count >= 2),
        ["ELB.16"] = run => Assert.Equal(MockCloud.ArnFor(run.Single(ResourceTypes.LoadBalancer).Name!), run.Single(ResourceTypes.WebAclAssociation).Text("resourceArn")),
        ["ELB.17"] = run =>
        {
            string[] recommended = ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
                "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
                "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09"];
            Assert.All(run.OfType(ResourceTypes.Listener).Where(listener => listener.Text("protocol") == "HTTPS"), listener => Assert.Contains(listener.Text("sslPolicy"), recommended));
        },
        ["IAM.27"] = run => Assert.DoesNotContain(run.OfType(ResourceTypes.RolePolicyAttachment), attachment => attachment.Text("policyArn").EndsWith("/AWSCloudShellFullAccess", StringComparison.Ordinal)),
        ["KMS.2"] = run => Assert.All(run.OfType(ResourceTypes.RolePolicy), policy =>
        {
            using var document = JsonDocument.Parse(policy.Text("policy"));
            foreach (var statement in document.RootElement.GetProperty("Statement").EnumerateArray())
            {
                var actions = statement.GetProperty("Action").ValueKind == JsonValueKind.Array
                    ? statement.GetProperty("Action").EnumerateArray().Select(action => action.GetString()!).ToList()
                    : [statement.GetProperty("Action").GetString()!];
                Assert.DoesNotContain(actions, action => action is "kms:Decrypt" or "kms:ReEncryptFrom" or "kms:*" or "*");
            }
        }),
        ["RDS.1"] = run => Assert.Empty(run.OfType("aws:rds/snapshot:Snapshot")),
        ["RDS.2"] = run => Assert.False(Db(run).Flag("publiclyAccessible")),
        ["RDS.3"] = run => Assert.True(Db(run).Flag("storageEncrypted")),
        ["RDS.4"] = run => Assert.True(Db(run).Flag("storageEncrypted")),
        ["RDS.5"] = run => Assert.True(Db(run).Flag("multiAz")),
        ["RDS.8"] = run => Assert.True(Db(run).Flag("deletionProtection")),
        ["RDS.10"] = run => Assert.True(Db(run).Flag("iamDatabaseAuthenticationEnabled")),
        ["RDS.11"] = run => Assert.True(Db(run).Number("backupRetentionPeriod") >= 7),
        ["RDS.13"] = run => Assert.True(Db(run).Flag("autoMinorVersionUpgrade")),
        ["RDS.17"] = run => Assert.True(Db(run).Flag("copyTagsToSnapshot")),
        ["RDS.19"] = run => Assert.Empty(run.OfType("aws:rds/eventSubscription:EventSubscription")),
        ["RDS.20"] = run => Assert.Empty(run.OfType("aws:rds/eventSubscription:EventSubscription")),
        ["RDS.21"] = run => Assert.Empty(run.OfType("aws:rds/eventSubscription:EventSubscription")),
        ["RDS.22"] = run => Assert.Empty(run.OfType("aws:rds/eventSubscription:EventSubscription")),
        ["RDS.25"] = run => Assert.NotEqual("postgres", Db(run).Text("username")),
        ["RDS.38"] = run => Assert.Contains(run.Single(ResourceTypes.DbParameterGroup).Maps("parameters"), parameter => parameter.Text("name") == "rds.force_ssl" && parameter.Text("value") == "1"),
        ["RDS.46"] = run =>
        {
            var dataSubnets = run.SubnetsIn(SubnetTier.Data).Select(subnet => MockCloud.IdOf(subnet.Name!)).ToHashSet();
            Assert.Equal(dataSubnets.Order(), run.Single(ResourceTypes.DbSubnetGroup).Texts("subnetIds").Order());
            var dataTables = run.OfType(ResourceTypes.RouteTableAssociation).Where(association => dataSubnets.Contains(association.Text("subnetId"))).Select(association => association.Text("routeTableId")).ToHashSet();
            Assert.DoesNotContain(run.OfType(ResourceTypes.Route), route => dataTables.Contains(route.Text("routeTableId")));
        },
        ["S3.2"] = run => Assert.All(run.OfType(ResourceTypes.BucketPublicAccessBlock), block => Assert.True(block.Flag("blockPublicPolicy") && block.Flag("restrictPublicBuckets"))),
        ["S3.3"] = run => Assert.All(run.OfType(ResourceTypes.BucketPublicAccessBlock), block => Assert.True(block.Flag("blockPublicAcls") && block.Flag("ignorePublicAcls"))),
        ["S3.5"] = run => Assert.All(run.OfType(ResourceTypes.Bucket), bucket =>
        {
            var policy = Assert.Single(run.OfType(ResourceTypes.BucketPolicy), policy => policy.Text("bucket") == MockCloud.IdOf(bucket.Name!));
            Assert.Contains("\"aws:SecureTransport\":\"false\"", policy.Text("policy"), StringComparison.Ordinal);
        }),
        ["S3.6"] = run => Assert.All(run.OfType(ResourceTypes.BucketPolicy), policy =>
        {
            using var document = JsonDocument.Parse(policy.Text("policy"));
            Assert.All(document.RootElement.GetProperty("Statement").EnumerateArray().Where(statement => statement.GetProperty("Effect").GetString() == "Allow"),
                statement => Assert.Equal("s3:PutObject", statement.GetProperty("Action").GetString()));
        }),
        ["S3.8"] = run =>
        {
            Assert.Equal(run.OfType(ResourceTypes.Bucket).Count, run.OfType(ResourceTypes.BucketPublicAccessBlock).Count);
            Assert.All(run.OfType(ResourceTypes.BucketPublicAccessBlock), block => Assert.True(block.Flag("blockPublicAcls") && block.Flag("blockPublicPolicy") && block.Flag("ignorePublicAcls") && block.Flag("restrictPublicBuckets")));
        },
        ["S3.12"] = run => Assert.All(run.OfType(ResourceTypes.BucketOwnershipControls), controls => Assert.Equal("BucketOwnerEnforced", controls.Map("rule").Text("objectOwnership"))),
        ["SNS.4"] = run =>
        {
            using var document = JsonDocument.Parse(run.Single(ResourceTypes.TopicPolicy).Text("policy"));
            Assert.All(document.RootElement.GetProperty("Statement").EnumerateArray(), statement => Assert.True(statement.TryGetProperty("Condition", out _)));
        },
        ["SecretsManager.3"] = run => Assert.Contains(MockCloud.SecretArnFor(run.Single(ResourceTypes.Secret).Name!),
            WebStack.Core.Servers.UserDataScript.FromLaunchTemplateUserData(Template(run).Text("userData")), StringComparison.Ordinal),
        ["SSM.1"] = run => Assert.Contains(run.OfType(ResourceTypes.RolePolicyAttachment), attachment => attachment.Text("policyArn").EndsWith("/AmazonSSMManagedInstanceCore", StringComparison.Ordinal)),
        ["WAF.10"] = run => Assert.NotEmpty(run.Single(ResourceTypes.WebAcl).Maps("rules")),
        ["WAF.11"] = run => Assert.Equal(MockCloud.WebAclArnFor(run.Single(ResourceTypes.WebAcl).Text("name"), run.Single(ResourceTypes.WebAcl).Name!), run.Single(ResourceTypes.WebAclLogging).Text("resourceArn")),
        ["WAF.12"] = run => Assert.All(run.Single(ResourceTypes.WebAcl).Maps("rules"), rule => Assert.True(rule.Map("visibilityConfig").Flag("cloudwatchMetricsEnabled"))),
    };

    private static MockResourceArgs Group(StackRun run) => run.Single(ResourceTypes.AutoScalingGroup);

    private static MockResourceArgs Template(StackRun run) => run.Single(ResourceTypes.LaunchTemplate);

    private static MockResourceArgs Alb(StackRun run) => run.Single(ResourceTypes.LoadBalancer);

    private static MockResourceArgs Db(StackRun run) => run.Single(ResourceTypes.DbInstance);

    private static IReadOnlyList<MockResourceArgs> OpenRules(StackRun run) =>
        run.IngressRules.Where(rule => OpenToAll.Contains(rule.Input("cidrIpv4") as string) || OpenToAll.Contains(rule.Input("cidrIpv6") as string)).ToList();
}
