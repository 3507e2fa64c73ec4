// The names AWS will see, from the program itself: for long, odd and longest stack names, with everything turned on,
// every registered resource's name (its logical name plus the provider's suffix, or the name the program sets), its
// Name tag, the final snapshot's identifier and the package's key pass the rule of the resource's kind; the program
// registers exactly the names the plan lists; and a stack name Pulumi wouldn't accept stops the run before anything.
using WebStack.Core.Naming;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class NamesTests
{
    private const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab";

    /// <summary>A 100-character stack name, the longest Pulumi allows.</summary>
    public static readonly string LongestStack = "review-" + new string('x', 93);

    public static TheoryData<string, string> Stacks => new()
    {
        { "review-feature-very-long-branch-name-2026-11", "everything" },
        { "review-feature-very-long-branch-name-2026-11", "endpoints" },
        { LongestStack, "everything" },
        { LongestStack, "endpoints" },
        { "Review_Feature.Branch-Name_2026.11-with-more-words-for-length", "everything" },
        { "p", "everything" },
    };

    private static readonly Dictionary<string, Dictionary<string, string>> Settings = new()
    {
        // Prod-like, with every optional resource: flow logs, a NAT per zone, HTTPS on a name of its own with its own
        // certificate (validated in the zone) and alias records, dualstack, the final snapshot.
        ["everything"] = new()
        {
            ["profile"] = "prod",
            ["flowLogs"] = "true",
            ["natStrategy"] = "perAz",
            ["dbFinalSnapshot"] = "true",
            ["dbDeletionProtection"] = "true",
            ["domainName"] = "www." + new string('w', 40) + ".example.com",
            ["hostedZone"] = "example.com",
            ["alarmEmail"] = "ops@example.com",
            // A second site with an app (and a package) of its own, and secrets: the per-site names too.
            ["sites"] = "[{\"name\":\"shop-eu\",\"serverName\":\"shop.example.eu\",\"app\":{\"package\":" + System.Text.Json.JsonSerializer.Serialize(TestPackage.Folder)
                + ",\"command\":[\"./server\"],\"secrets\":{\"SHOP_KEY\":\"shopKey\"}}}]",
            ["shopKey"] = "s3cret",
        },
        // No NAT: the VPC endpoints and their security group instead; HTTPS with a certificate made elsewhere.
        ["endpoints"] = new() { ["profile"] = "prod", ["natStrategy"] = "none", ["dbFinalSnapshot"] = "true", ["certificateArn"] = CertificateArn },
    };

    // The kind of name each type has, written here from the types rather than taken from the plan's catalog.
    private static readonly Dictionary<string, NameRule> RuleOfType = new(StringComparer.Ordinal)
    {
        [ResourceTypes.AwsProvider] = NameRules.Unnamed,
        [Network.TypeToken] = NameRules.Unnamed,
        [Firewall.TypeToken] = NameRules.Unnamed,
        [VpcEndpoints.TypeToken] = NameRules.Unnamed,
        [WebLoadBalancer.TypeToken] = NameRules.Unnamed,
        [PackageStore.TypeToken] = NameRules.Unnamed,
        [Database.TypeToken] = NameRules.Unnamed,
        [AppFleet.TypeToken] = NameRules.Unnamed,
        [AppSecrets.TypeToken] = NameRules.Unnamed,
        [CostBudget.TypeToken] = NameRules.Unnamed,
        [SiteCertificate.TypeToken] = NameRules.Unnamed,
        [SiteDns.TypeToken] = NameRules.Unnamed,
        [ResourceTypes.Certificate] = NameRules.AcmCertificate,
        [ResourceTypes.CertificateValidation] = NameRules.Unnamed,
        [ResourceTypes.Record] = NameRules.Route53Record,
        [ResourceTypes.DbParameterGroup] = NameRules.DbParameterGroup,
        [Logs.TypeToken] = NameRules.Unnamed,
        [Alerting.TypeToken] = NameRules.Unnamed,
        [Monitoring.TypeToken] = NameRules.Unnamed,
        [ResourceTypes.MetricAlarm] = NameRules.MetricAlarm,
        [ResourceTypes.Topic] = NameRules.SnsTopic,
        [ResourceTypes.TopicSubscription] = NameRules.Unnamed,
        [ResourceTypes.TopicPolicy] = NameRules.Unnamed,
        [ResourceTypes.DefaultSecurityGroup] = NameRules.NameTag,
        [ResourceTypes.WebAcl] = NameRules.WafWebAcl,
        [ResourceTypes.WebAclAssociation] = NameRules.Unnamed,
        [ResourceTypes.WebAclLogging] = NameRules.Unnamed,
        [WebFirewall.TypeToken] = NameRules.Unnamed,
        [ResourceTypes.Dashboard] = NameRules.Dashboard,
        [ResourceTypes.BucketPolicy] = NameRules.Unnamed,
        [ResourceTypes.BucketLifecycle] = NameRules.Unnamed,
        [ResourceTypes.Budget] = NameRules.Budget,
        [ResourceTypes.Vpc] = NameRules.Vpc,
        [ResourceTypes.Subnet] = NameRules.Subnet,
        [ResourceTypes.InternetGateway] = NameRules.InternetGateway,
        [ResourceTypes.Eip] = NameRules.ElasticIp,
        [ResourceTypes.NatGateway] = NameRules.NatGateway,
        [ResourceTypes.RouteTable] = NameRules.RouteTable,
        [ResourceTypes.Route] = NameRules.Unnamed,
        [ResourceTypes.RouteTableAssociation] = NameRules.Unnamed,
        [ResourceTypes.FlowLog] = NameRules.FlowLog,
        [ResourceTypes.VpcEndpoint] = NameRules.VpcEndpoint,
        [ResourceTypes.SecurityGroup] = NameRules.SecurityGroup,
        [ResourceTypes.IngressRule] = NameRules.SecurityGroupRule,
        [ResourceTypes.EgressRule] = NameRules.SecurityGroupRule,
        [ResourceTypes.LaunchTemplate] = NameRules.LaunchTemplate,
        [ResourceTypes.LoadBalancer] = NameRules.LoadBalancer,
        [ResourceTypes.TargetGroup] = NameRules.TargetGroup,
        [ResourceTypes.Listener] = NameRules.Listener,
        [ResourceTypes.AutoScalingGroup] = NameRules.AutoScalingGroup,
        [ResourceTypes.ScalingPolicy] = NameRules.ScalingPolicy,
        [ResourceTypes.Role] = NameRules.IamRole,
        [ResourceTypes.RolePolicy] = NameRules.RolePolicy,
        [ResourceTypes.RolePolicyAttachment] = NameRules.Unnamed,
        [ResourceTypes.InstanceProfile] = NameRules.InstanceProfile,
        [ResourceTypes.DbSubnetGroup] = NameRules.DbSubnetGroup,
        [ResourceTypes.DbInstance] = NameRules.DbInstance,
        [ResourceTypes.Secret] = NameRules.Secret,
        [ResourceTypes.SecretVersion] = NameRules.Unnamed,
        [ResourceTypes.Bucket] = NameRules.S3Bucket,
        [ResourceTypes.BucketPublicAccessBlock] = NameRules.Unnamed,
        [ResourceTypes.BucketOwnershipControls] = NameRules.Unnamed,
        [ResourceTypes.BucketEncryption] = NameRules.Unnamed,
        [ResourceTypes.BucketObject] = NameRules.S3Object,
        [ResourceTypes.LogGroup] = NameRules.LogGroup,
        [ResourceTypes.RandomPassword] = NameRules.Unnamed,
        [ResourceTypes.RandomString] = NameRules.Unnamed,
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EveryNameAwsSeesFitsItsKindsRule(string stack, string settings)
    {
        var run = await StackRunner.RunAsync(stack, Settings[settings], secretKeys: ["shopKey"]);
        var names = run.Plan.Names;

        var problems = new List<string>();
        void Check(NameRule rule, string what, string name) =>
            problems.AddRange(rule.Problems(name).Select(problem => $"{what} \"{name}\" ({name.Length}) {problem}"));

        foreach (var resource in run.Registered.Where(resource => resource.Type != ResourceTypes.Stack))
        {
            var what = $"{resource.Type} {resource.Name}";
            if (!RuleOfType.TryGetValue(resource.Type!, out var rule))
            {
                problems.Add($"{what}: a type new here; add it to RuleOfType with the rule of its name");
                continue;
            }

            var planned = names.Find(resource.Name!);
            if (planned is null || planned.Rule != rule)
            {
                problems.Add($"{what}: the plan names it {(planned is null ? "nothing" : $"a {planned.Rule.Kind}")}, expected a {rule.Kind}");
                continue;
            }

            if (MockCloud.PhysicalNameOf(resource) is { } physical)
            {
                Check(rule, $"{what}: its {rule.Kind}", physical);
            }

            if (resource.Tags().TryGetValue("Name", out var nameTag))
            {
                Check(NameRules.NameTag, $"{what}: its Name tag", nameTag);
                Assert.Equal(planned.Tag, nameTag);
            }
        }

        var instance = run.Single(ResourceTypes.DbInstance);
        Check(NameRules.DbFinalSnapshot, "the final snapshot identifier", instance.Text("finalSnapshotIdentifier"));
        Check(NameRules.Dashboard, "the dashboard's name", run.Single(ResourceTypes.Dashboard).Text("dashboardName"));
        Check(NameRules.S3ObjectKey, "the package's key", run.Named(ResourceTypes.BucketObject, run.Plan.Names.PackageObject).Text("key"));
        Check(NameRules.S3ObjectKey, "the RDS roots' key", run.Named(ResourceTypes.BucketObject, run.Plan.Names.CaBundleObject).Text("key"));
        foreach (var specification in run.Single(ResourceTypes.LaunchTemplate).Maps("tagSpecifications"))
        {
            Check(NameRules.NameTag, $"the launch template's {specification.Text("resourceType")} Name tag", specification.Map("tags").Text("Name"));
        }

        Assert.True(problems.Count == 0, $"stack \"{stack}\" ({settings}):\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheProgramRegistersExactlyTheNamesThePlanLists(string stack, string settings)
    {
        var run = await StackRunner.RunAsync(stack, Settings[settings], secretKeys: ["shopKey"]);

        var registered = run.Registered.Where(resource => resource.Type != ResourceTypes.Stack).Select(resource => resource.Name!).Order(StringComparer.Ordinal);
        var planned = run.Plan.Names.All
            .Where(name => name.Rule != NameRules.Instance && name.Rule != NameRules.Volume && name.Rule != NameRules.DbFinalSnapshot)
            .Select(name => name.Logical)
            .Order(StringComparer.Ordinal);
        Assert.Equal(planned, registered);
    }

    [Theory]
    [InlineData("review-feature-very-long-branch-name-2026-11")]
    [InlineData("Review_Feature.Branch-Name_2026.11-with-more-words-for-length")]
    public async Task ALongStackNameGivesADatabaseIdentifierOf63CharactersAtMost(string stack)
    {
        var run = await StackRunner.RunAsync(stack, Settings["everything"], secretKeys: ["shopKey"]);

        var instance = run.Single(ResourceTypes.DbInstance);
        var identifier = MockCloud.PhysicalNameOf(instance)!;
        Assert.InRange(identifier.Length, 1, 63);
        Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", identifier);
        Assert.False(instance.Has("identifier"), "the identifier is left to the provider's autonaming");
        var snapshot = instance.Text("finalSnapshotIdentifier");
        Assert.InRange(snapshot.Length, 1, 255);
        Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", snapshot);
        Assert.Equal(run.Plan.Names.Database.Tag, instance.Tags()["Name"]);
        Assert.EndsWith("-db", instance.Tags()["Name"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStackNameLongerThanPulumiAllowsStopsTheRunNamingTheLongestAllowed()
    {
        var stack = LongestStack + "x";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync(stack));

        Assert.Contains("101 characters; the longest allowed has 100", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryResourceOfAMarkedStackIsAliasedToTheNameItHadBefore()
    {
        var run = await StackRunner.RunAsync("Prod_EU");
        var transformation = PreviousNames.Aliases(run.Plan.Names);

        foreach (var resource in run.Resources.Where(resource => resource is not Pulumi.Stack))
        {
            var options = new Pulumi.CustomResourceOptions();
            var result = transformation(new Pulumi.ResourceTransformationArgs(resource, Pulumi.ResourceArgs.Empty, options));

            Assert.NotNull(result);
            var alias = await ((Pulumi.Output<Pulumi.Alias>)Assert.Single(result.Value.Options.Aliases)).GetValueAsync();
            var previous = await ((Pulumi.Output<string>)alias.Name!).GetValueAsync();
            Assert.Equal(run.Plan.Names.PreviousOf(resource.GetResourceName()), previous);
            // A kind AWS requires a prefix of keeps it before the name (a WAF log group's "aws-waf-logs-").
            Assert.StartsWith("webstack-prod-eu-", previous.StartsWith(WebStack.Core.Firewall.WebAclPlan.LogGroupPrefix, StringComparison.Ordinal)
                ? previous[WebStack.Core.Firewall.WebAclPlan.LogGroupPrefix.Length..] : previous, StringComparison.Ordinal);
            Assert.DoesNotContain(run.Plan.Names.Base, previous, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AStackNamedAsWrittenKeepsItsNamesWithoutAliases()
    {
        var run = await StackRunner.RunAsync("prod");
        var transformation = PreviousNames.Aliases(run.Plan.Names);

        Assert.All(run.Resources, resource =>
            Assert.Null(transformation(new Pulumi.ResourceTransformationArgs(resource, Pulumi.ResourceArgs.Empty, new Pulumi.CustomResourceOptions()))));
    }
}
