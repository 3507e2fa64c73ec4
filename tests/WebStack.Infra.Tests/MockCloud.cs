// The mocked AWS the program runs against: Pulumi's engine hands every resource registration and every provider
// function call to an IMocks (built here with Moq), which records it and answers with the outputs AWS would give
// (ids, ARNs in their real shapes, DNS names, the launch template's version, the database address, ...).
using System.Collections.Immutable;
using System.Globalization;
using Moq;
using Pulumi;
using Pulumi.Testing;

namespace WebStack.Infra.Tests;

internal sealed class MockCloud
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const string AmiId = "ami-0123456789abcdef0";
    public const int LaunchTemplateVersion = 3;
    public const int PostgresPort = 5432;

    /// <summary>What the mocked random provider generates: the tests look for it wherever it must not be.</summary>
    public const string DatabasePassword = "Mock-Db-Passw0rd-4b1d-never-leak";

    public static readonly ImmutableArray<string> ZoneNames = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"];

    private readonly List<MockResourceArgs> _resources = [];
    private readonly List<MockCallArgs> _calls = [];

    public MockCloud()
    {
        Mocks = new Mock<IMocks>();
        Mocks.Setup(mocks => mocks.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) => NewResource(args));
        Mocks.Setup(mocks => mocks.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => Call(args));
    }

    public Mock<IMocks> Mocks { get; }

    public IReadOnlyList<MockResourceArgs> Resources
    {
        get
        {
            lock (_resources)
            {
                return [.. _resources];
            }
        }
    }

    public IReadOnlyList<MockCallArgs> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The id the mock gives a new resource: "{name}_id".</summary>
    public static string IdOf(string logicalName) => $"{logicalName}_id";

    /// <summary>The bucket name AWS would generate from the logical name: lower case, no underscores.</summary>
    public static string BucketNameFor(string logicalName) => $"{logicalName.ToLowerInvariant().Replace('_', '-')}-a1b2c3d";

    public static string BucketArnFor(string logicalName) => $"arn:aws:s3:::{BucketNameFor(logicalName)}";

    public static string SecretArnFor(string logicalName) => $"arn:aws:secretsmanager:{Region}:{Account}:secret:{logicalName}-AbCdEf";

    public static string ArnFor(string logicalName) => $"arn:aws:mock:{Region}:{Account}:{logicalName}";

    public static string DnsNameFor(string logicalName) => $"{logicalName}-1234567890.{Region}.elb.amazonaws.com";

    public static string DatabaseAddressFor(string logicalName) => $"{logicalName}.c0ffee0c0ffe.{Region}.rds.amazonaws.com";

    private (string? id, object state) NewResource(MockResourceArgs args)
    {
        lock (_resources)
        {
            _resources.Add(args);
        }

        var name = args.Name ?? "";
        var state = args.Inputs.ToBuilder();
        void Set(string key, object value) => state[key] = value;
        void Default(string key, object value)
        {
            if (!state.ContainsKey(key))
            {
                state[key] = value;
            }
        }

        switch (args.Type)
        {
            case ResourceTypes.Bucket:
                Default("bucket", BucketNameFor(name));
                Set("arn", BucketArnFor(name));
                break;
            case ResourceTypes.Secret:
                Set("arn", SecretArnFor(name));
                break;
            case ResourceTypes.LoadBalancer:
                Set("dnsName", DnsNameFor(name));
                Set("arnSuffix", $"app/{name}/0123456789abcdef");
                break;
            case ResourceTypes.LaunchTemplate:
                Set("latestVersion", LaunchTemplateVersion);
                Set("defaultVersion", LaunchTemplateVersion);
                break;
            case ResourceTypes.DbInstance:
                Set("address", DatabaseAddressFor(name));
                Default("port", PostgresPort);
                Set("endpoint", string.Create(CultureInfo.InvariantCulture, $"{DatabaseAddressFor(name)}:{PostgresPort}"));
                break;
            case ResourceTypes.Eip:
                Set("allocationId", $"eipalloc-{name}");
                Set("publicIp", "198.51.100.10");
                break;
            case ResourceTypes.RandomPassword:
                // The mock engine doesn't apply a provider's secret outputs, so the mock marks the result secret itself.
                Set("result", Output.CreateSecret(DatabasePassword));
                break;
            case ResourceTypes.RandomString:
                Set("result", "k3y5uf1x");
                break;
        }

        Default("arn", ArnFor(name));
        Default("name", name);

        // New resources come with an empty Id: answering with one keeps every input that depends on an id known.
        var id = string.IsNullOrEmpty(args.Id) ? IdOf(name) : args.Id;
        return (id, state.ToImmutable());
    }

    private object Call(MockCallArgs args)
    {
        lock (_calls)
        {
            _calls.Add(args);
        }

        return args.Token switch
        {
            ResourceTypes.GetAmi => new Dictionary<string, object>
            {
                ["id"] = AmiId,
                ["imageId"] = AmiId,
                ["name"] = "al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64",
                ["architecture"] = "x86_64",
                ["virtualizationType"] = "hvm",
                ["rootDeviceName"] = "/dev/xvda",
                ["ownerId"] = "137112412989",
                ["owners"] = new[] { "amazon" },
                ["blockDeviceMappings"] = Array.Empty<object>(),
                ["executableUsers"] = Array.Empty<object>(),
                ["filters"] = Array.Empty<object>(),
                ["productCodes"] = Array.Empty<object>(),
                ["stateReason"] = new Dictionary<string, object>(),
                ["tags"] = new Dictionary<string, object>(),
            },
            ResourceTypes.GetAvailabilityZones => new Dictionary<string, object>
            {
                ["id"] = Region,
                ["region"] = Region,
                ["state"] = "available",
                ["names"] = ZoneNames.ToArray(),
                ["zoneIds"] = ZoneNames.Select((_, index) => $"use1-az{index + 1}").ToArray(),
                ["groupNames"] = ZoneNames.Select(_ => Region).ToArray(),
                ["excludeNames"] = Array.Empty<object>(),
                ["excludeZoneIds"] = Array.Empty<object>(),
                ["filters"] = Array.Empty<object>(),
            },
            _ => throw new InvalidOperationException($"the program called {args.Token}, which the mocks don't answer"),
        };
    }
}
