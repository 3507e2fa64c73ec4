// The stack as a whole: every resource tagged, outputs that leak nothing, the password only where it belongs, and a
// bad configuration stopping the run with every problem listed.
using System.Collections.Immutable;
using System.Reflection;
using Pulumi;
using WebStack.Core.Naming;
using WebStack.Core.Settings;

namespace WebStack.Infra.Tests;

public sealed class StackTests
{
    private static readonly Dictionary<string, string> WithUserTags = new() { ["tags"] = "{\"CostCenter\": \"1234\"}" };

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task EveryAwsResourceCarriesTheStandardAndTheUsersTags(string stack)
    {
        var run = await StackRunner.RunAsync(stack, WithUserTags);

        var problems = new List<string>();
        foreach (var resource in run.Registered.Where(resource => resource.Type!.StartsWith("aws:", StringComparison.Ordinal)))
        {
            var expected = run.Plan.TagsFor(run.Plan.Names.Find(resource.Name!)
                ?? throw new InvalidOperationException($"{resource.Type} {resource.Name} is not among the plan's names"));
            if (ResourceTypes.TakeTags.Contains(resource.Type!))
            {
                var tags = resource.Tags();
                if (!expected.All(tag => tags.TryGetValue(tag.Key, out var value) && value == tag.Value))
                {
                    problems.Add($"{resource.Type} {resource.Name} is tagged {string.Join(", ", tags)}");
                }
            }
            else if (resource.Type == ResourceTypes.AutoScalingGroup)
            {
                var tags = resource.Maps("tags").ToDictionary(tag => tag.Text("key"), tag => tag.Text("value"), StringComparer.Ordinal);
                if (!expected.All(tag => tags.TryGetValue(tag.Key, out var value) && value == tag.Value))
                {
                    problems.Add($"the auto-scaling group is tagged {string.Join(", ", tags)}");
                }
            }
            else if (!ResourceTypes.TakeNoTags.Contains(resource.Type!))
            {
                problems.Add($"{resource.Type} is new here: add it to ResourceTypes.TakeTags or TakeNoTags");
            }
        }

        Assert.Empty(problems);
        Assert.Equal("1234", run.Single(ResourceTypes.Vpc).Tags()["CostCenter"]);
        Assert.Equal(stack, run.Single(ResourceTypes.Vpc).Tags()[StandardTags.Environment]);
    }

    [Fact]
    public async Task ServersAndTheirVolumesAreTaggedAtLaunch()
    {
        var run = await StackRunner.RunAsync("dev");

        var specifications = run.Single(ResourceTypes.LaunchTemplate).Maps("tagSpecifications");
        Assert.Equal(new[] { "instance", "volume" }, specifications.Select(spec => spec.Text("resourceType")).Order(StringComparer.Ordinal));
        foreach (var specification in specifications)
        {
            var tags = specification.Map("tags");
            Assert.Equal("webstack", tags.Text(StandardTags.Project));
            Assert.Equal("dev", tags.Text(StandardTags.Stack));
            Assert.Equal("pulumi", tags.Text(StandardTags.ManagedBy));
        }

        var groupTags = run.Single(ResourceTypes.AutoScalingGroup).Maps("tags");
        Assert.All(groupTags, tag => Assert.Equal(tag.Text("key") != StandardTags.Name, tag.Get("propagateAtLaunch") is true));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task StackOutputsAreTheDocumentedOnesAndHoldNoPassword(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var outputs = typeof(WebStackStack).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(property => property.GetCustomAttribute<OutputAttribute>() is not null)
            .ToList();

        Assert.Equal(
            new[]
            {
                "AccessLogBucket", "AlarmTopicArn", "AlbDnsName", "AppSubnetIds", "AutoScalingGroupName", "DashboardName", "DataSubnetIds", "DatabaseEndpoint",
                "DatabaseSecretArn", "Deployed", "PublicSubnetIds", "Releases", "Url", "VpcId",
            },
            outputs.Select(property => property.Name).Order(StringComparer.Ordinal));

        foreach (var property in outputs)
        {
            var (text, secret) = property.GetValue(run.Stack) switch
            {
                Output<string> single => (await single.GetValueAsync(), await Output.IsSecretAsync(single)),
                Output<ImmutableArray<string>> many => (string.Join(",", await many.GetValueAsync()), await Output.IsSecretAsync(many)),
                Output<ImmutableDictionary<string, string>> map => (string.Join(",", await map.GetValueAsync()), await Output.IsSecretAsync(map)),
                var other => throw new InvalidOperationException($"output {property.Name} is a {other?.GetType()}"),
            };
            Assert.False(secret, $"output {property.Name} is secret, so pulumi stack output hides it");
            Assert.DoesNotContain(MockCloud.DatabasePassword, text, StringComparison.Ordinal);
        }

        var albName = run.Single(ResourceTypes.LoadBalancer).Name!;
        Assert.Equal($"http://{MockCloud.DnsNameFor(albName)}", await run.Stack.Url.GetValueAsync());
        Assert.Equal(MockCloud.DnsNameFor(albName), await run.Stack.AlbDnsName.GetValueAsync());
        Assert.Equal(run.Plan.Settings.Network.AzCount, (await run.Stack.AppSubnetIds.GetValueAsync()).Length);
        Assert.Equal(MockCloud.SecretArnFor(run.Single(ResourceTypes.Secret).Name!), await run.Stack.DatabaseSecretArn.GetValueAsync());
        Assert.Equal(TestPackage.Package.ReleaseName, (await run.Stack.Releases.GetValueAsync())["default"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task ThePasswordReachesOnlyTheDatabaseAndItsSecret(string stack)
    {
        var run = await StackRunner.RunAsync(stack);

        var holders = run.Registered
            .Where(resource => resource.AllInputText().Contains(MockCloud.DatabasePassword, StringComparison.Ordinal))
            .Select(resource => resource.Type!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(new[] { ResourceTypes.DbInstance, ResourceTypes.SecretVersion }, holders);
    }

    [Fact]
    public async Task ABadConfigurationStopsTheRunWithEveryProblemListed()
    {
        var settings = new Dictionary<string, string>
        {
            ["minSize"] = "5",
            ["maxSize"] = "2",
            ["azCount"] = "9",
            ["instanceSize"] = "t3.small",
            ["healthCheckPath"] = "/static/health",
        };
        var expected = StackSettingsReader.Read(StackConfig.FromPlain(StackRunner.Project, "dev", StackRunner.ConfigFor(settings))).Errors;
        Assert.True(expected.Count >= 4, $"the core found only {expected.Count} problems");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("dev", settings));

        var message = MessagesOf(error);
        Assert.Contains($"{expected.Count} problems", message, StringComparison.Ordinal);
        Assert.All(expected, problem => Assert.Contains(problem.Message, message, StringComparison.Ordinal));
    }

    private static string MessagesOf(Exception error) => error switch
    {
        AggregateException many => string.Join("\n", many.InnerExceptions.Select(MessagesOf)),
        { InnerException: { } inner } => error.Message + "\n" + MessagesOf(inner),
        _ => error.Message,
    };
}
