// The mocked AWS the program runs against: Pulumi's engine hands every resource registration and every provider
// function call to an IMocks (built here with Moq), which records it and answers with the outputs AWS would give
// (ids, ARNs in their real shapes, DNS names, the launch template's version, the database address, ...) and the
// physical names the provider would make (the logical name, '-' and 7 hex digits, unless the program set one).
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Moq;
using Pulumi;
using Pulumi.Testing;

namespace WebStack.Infra.Tests;

internal sealed class MockCloud
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const int LaunchTemplateVersion = 3;
    public const int PostgresPort = 5432;

    /// <summary>What the mocked random provider generates: the tests look for it wherever it must not be.</summary>
    public const string DatabasePassword = "Mock-Db-Passw0rd-4b1d-never-leak";

    public static readonly ImmutableArray<string> ZoneNames = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"];

    /// <summary>The hosted zones the mocked Route 53 has: public ones by id, and the private one.</summary>
    public static readonly IReadOnlyDictionary<string, (string Name, bool Private)> HostedZones = new Dictionary<string, (string, bool)>
    {
        ["Z0EXAMPLECOM000000001"] = ("example.com", false),
        ["Z0SHOPEXAMPLE00000002"] = ("shop.example.net", false),
        ["Z0PRIVATEZONE00000003"] = ("internal.example.com", true),
    };

    /// <summary>The canonical hosted zone of Application Load Balancers in us-east-1 (alias records point there).</summary>
    public const string LoadBalancerZoneId = "Z35SXDOTRQ7X7K";

    /// <summary>The Amazon-provided IPv6 block a VPC gets when it asks for one.</summary>
    public const string VpcIpv6Block = "2600:1f18:4a3:6a00::/56";

    private readonly List<MockResourceArgs> _resources = [];
    private readonly List<MockCallArgs> _calls = [];
    private readonly List<string> _created = [];

    /// <param name="slowToCreate">
    /// Types AWS takes a while to create (a certificate's validation, an IAM policy's propagation): their creation ends
    /// a moment after it starts, so a resource that must wait for one and doesn't is created first, and
    /// <see cref="Created"/> shows it.
    /// </param>
    public MockCloud(IReadOnlySet<string>? slowToCreate = null)
    {
        var slow = slowToCreate ?? new HashSet<string>();
        Mocks = new Mock<IMocks>();
        Mocks.Setup(mocks => mocks.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .Returns(async (MockResourceArgs args) =>
            {
                var answer = NewResource(args);
                if (slow.Contains(args.Type ?? ""))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }

                lock (_created)
                {
                    _created.Add($"{args.Type}::{args.Name}");
                }

                return answer;
            });
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

    /// <summary>"type::name" of each resource in the order its creation ended.</summary>
    public IReadOnlyList<string> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created];
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

    /// <summary>
    /// The input each autonamed type is named by, as pulumi-aws 7.x autonames it when the program leaves it unset (S3
    /// lower-cases the logical name first); a name the program sets is used as it is (a Route 53 record's is always set:
    /// it is the DNS name).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AutonamedInputs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ResourceTypes.SecurityGroup] = "name",
        [ResourceTypes.LoadBalancer] = "name",
        [ResourceTypes.TargetGroup] = "name",
        [ResourceTypes.Role] = "name",
        [ResourceTypes.InstanceProfile] = "name",
        [ResourceTypes.RolePolicy] = "name",
        [ResourceTypes.LaunchTemplate] = "name",
        [ResourceTypes.AutoScalingGroup] = "name",
        [ResourceTypes.ScalingPolicy] = "name",
        [ResourceTypes.DbSubnetGroup] = "name",
        [ResourceTypes.Secret] = "name",
        [ResourceTypes.LogGroup] = "name",
        [ResourceTypes.MetricAlarm] = "name",
        [ResourceTypes.Topic] = "name",
        [ResourceTypes.Bucket] = "bucket",
        [ResourceTypes.DbInstance] = "identifier",
        [ResourceTypes.DbParameterGroup] = "name",
        [ResourceTypes.Record] = "name",
        [ResourceTypes.WebAcl] = "name",
    };

    /// <summary>A regional WAF web ACL's ARN: its name and an id AWS makes.</summary>
    public static string WebAclArnFor(string aclName, string logicalName) => $"arn:aws:wafv2:{Region}:{Account}:regional/webacl/{aclName}/{IdOf(logicalName)}";

    /// <summary>The id the mock gives a new resource: "{name}_id".</summary>
    public static string IdOf(string logicalName) => $"{logicalName}_id";

    /// <summary>
    /// The physical name Pulumi makes from a logical name: the name, '-' and 7 random hex digits (here derived from the
    /// name, so a run is reproducible).
    /// </summary>
    public static string AutonameFor(string logicalName) =>
        $"{logicalName}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(logicalName)))[..7]}";

    /// <summary>The bucket name the provider makes: the logical name lower-cased, '-' and 7 random hex digits.</summary>
    public static string BucketNameFor(string logicalName) => AutonameFor(logicalName.ToLowerInvariant());

    public static string BucketArnFor(string logicalName) => $"arn:aws:s3:::{BucketNameFor(logicalName)}";

    /// <summary>Secrets Manager appends '-' and six random characters of its own to the secret's name in the ARN.</summary>
    public static string SecretArnFor(string logicalName) => $"arn:aws:secretsmanager:{Region}:{Account}:secret:{AutonameFor(logicalName)}-AbCdEf";

    public static string ArnFor(string logicalName) => $"arn:aws:mock:{Region}:{Account}:{logicalName}";

    /// <summary>A log group's ARN as the provider gives it: no ":*" at the end.</summary>
    public static string LogGroupArnFor(string logicalName) => $"arn:aws:logs:{Region}:{Account}:log-group:{AutonameFor(logicalName)}";

    public static string DnsNameFor(string logicalName) => $"{AutonameFor(logicalName)}-1234567890.{Region}.elb.amazonaws.com";

    /// <summary>The certificate's ARN: ACM names certificates by a UUID (here derived from the logical name).</summary>
    public static string CertificateArnFor(string logicalName) =>
        $"arn:aws:acm:{Region}:{Account}:certificate/{new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(logicalName))[..16])}";

    /// <summary>The CNAME ACM asks for to validate <paramref name="domain"/>: its name (absolute, as ACM writes it) and value.</summary>
    public static (string Name, string Value) ValidationRecordFor(string domain)
    {
        var token = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain)));
        return ($"_{token[..32]}.{domain}.", $"_{token[32..]}.zfyfvmchrl.acm-validations.aws.");
    }

    /// <summary>An ELBv2 ARN's last part: "app/&lt;name&gt;/&lt;16 hex&gt;" (load balancer), "targetgroup/&lt;name&gt;/&lt;16 hex&gt;" (target group).</summary>
    public static string ArnSuffixFor(string kind, string physicalName) =>
        $"{kind}/{physicalName}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + physicalName)))[..16]}";

    /// <summary>The database's address, from its identifier (the physical name, not the logical one).</summary>
    public static string DatabaseAddressFor(string identifier) => $"{identifier}.c0ffee0c0ffe.{Region}.rds.amazonaws.com";

    /// <summary>The physical name a registered resource got: the one the program set, or the provider's autoname.</summary>
    public static string? PhysicalNameOf(MockResourceArgs resource) =>
        AutonamedInputs.TryGetValue(resource.Type!, out var input)
            ? resource.Inputs.TryGetValue(input, out var given) && given is string name
                ? name
                : resource.Type == ResourceTypes.Bucket ? BucketNameFor(resource.Name!) : AutonameFor(resource.Name!)
            : null;

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

        if (PhysicalNameOf(args) is { } physicalName)
        {
            Set(AutonamedInputs[args.Type!], physicalName);
        }

        switch (args.Type)
        {
            case ResourceTypes.Bucket:
                Set("arn", $"arn:aws:s3:::{state["bucket"]}");
                break;
            case ResourceTypes.Secret:
                Set("arn", $"arn:aws:secretsmanager:{Region}:{Account}:secret:{state["name"]}-AbCdEf");
                break;
            case ResourceTypes.LoadBalancer:
                Set("dnsName", DnsNameFor(name));
                Set("zoneId", LoadBalancerZoneId);
                Set("arnSuffix", ArnSuffixFor("app", (string)state["name"]));
                break;
            case ResourceTypes.TargetGroup:
                // What CloudWatch's TargetGroup dimension takes: the ARN from "targetgroup/" on.
                Set("arnSuffix", ArnSuffixFor("targetgroup", (string)state["name"]));
                break;
            case ResourceTypes.LogGroup:
                Set("arn", $"arn:aws:logs:{Region}:{Account}:log-group:{state["name"]}");
                break;
            case ResourceTypes.MetricAlarm:
                Set("arn", $"arn:aws:cloudwatch:{Region}:{Account}:alarm:{state["name"]}");
                break;
            case ResourceTypes.Topic:
                Set("arn", $"arn:aws:sns:{Region}:{Account}:{state["name"]}");
                break;
            case ResourceTypes.WebAcl:
                Set("arn", WebAclArnFor((string)state["name"], name));
                break;
            case ResourceTypes.Dashboard:
                // Dashboards are global: no region in the ARN.
                Set("dashboardArn", $"arn:aws:cloudwatch::{Account}:dashboard/{state["dashboardName"]}");
                break;
            case ResourceTypes.Vpc when state.TryGetValue("assignGeneratedIpv6CidrBlock", out var ipv6) && ipv6 is true:
                Set("ipv6CidrBlock", VpcIpv6Block);
                break;
            case ResourceTypes.Certificate:
                // What ACM answers for a DNS-validated certificate: one validation record per name, pending until it's seen.
                var domain = (string)state["domainName"];
                var sans = state.TryGetValue("subjectAlternativeNames", out var more) && more is ImmutableArray<object> list ? list.Cast<string>() : [];
                Set("arn", CertificateArnFor(name));
                Set("status", "PENDING_VALIDATION");
                Set("domainValidationOptions", new[] { domain }.Concat(sans).Distinct().Select(validated =>
                {
                    var (recordName, recordValue) = ValidationRecordFor(validated);
                    return (object)new Dictionary<string, object>
                    {
                        ["domainName"] = validated,
                        ["resourceRecordName"] = recordName,
                        ["resourceRecordType"] = "CNAME",
                        ["resourceRecordValue"] = recordValue,
                    };
                }).ToArray());
                break;
            case ResourceTypes.CertificateValidation:
                Set("certificateArn", state["certificateArn"]);
                break;
            case ResourceTypes.Record:
                Set("fqdn", ((string)state["name"]).TrimEnd('.'));
                break;
            case ResourceTypes.LaunchTemplate:
                Set("latestVersion", LaunchTemplateVersion);
                Set("defaultVersion", LaunchTemplateVersion);
                break;
            case ResourceTypes.DbInstance:
                var address = DatabaseAddressFor((string)state["identifier"]);
                Set("address", address);
                Default("port", PostgresPort);
                Set("endpoint", string.Create(CultureInfo.InvariantCulture, $"{address}:{PostgresPort}"));
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

        // New resources come with an empty Id: answering with one keeps every input that depends on an id known.
        var id = string.IsNullOrEmpty(args.Id) ? IdOf(name) : args.Id;
        return (id, state.ToImmutable());
    }

    // Route 53 finds a zone by id, or by name among the public (or private) zones; no match is an error, as in AWS.
    private static Dictionary<string, object> Zone(MockCallArgs args)
    {
        var wantPrivate = args.Args.TryGetValue("privateZone", out var flag) && flag is true;
        var match = args.Args.TryGetValue("zoneId", out var id) && id is string zoneId
            ? HostedZones.Where(zone => zone.Key == zoneId)
            : HostedZones.Where(zone => zone.Value.Name == ((string)args.Args["name"]).TrimEnd('.') && zone.Value.Private == wantPrivate);
        var (foundId, (foundName, isPrivate)) = match.SingleOrDefault();
        if (foundId is null)
        {
            throw new InvalidOperationException($"no matching Route 53 Hosted Zone found ({string.Join(", ", args.Args.Select(arg => $"{arg.Key}={arg.Value}"))})");
        }

        return new Dictionary<string, object>
        {
            ["id"] = foundId,
            ["zoneId"] = foundId,
            ["name"] = foundName,
            ["privateZone"] = isPrivate,
            ["arn"] = $"arn:aws:route53:::hostedzone/{foundId}",
            ["callerReference"] = "mock",
            ["comment"] = "",
            ["linkedServiceDescription"] = "",
            ["linkedServicePrincipal"] = "",
            ["nameServers"] = new[] { "ns-1.awsdns-01.org" },
            ["primaryNameServer"] = "ns-1.awsdns-01.org",
            ["resourceRecordSetCount"] = 2,
            ["tags"] = new Dictionary<string, object>(),
        };
    }

    /// <summary>The zones that don't offer an instance type, as some zones of an account don't (every zone offers the rest).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ZonesWithout = new Dictionary<string, string[]>
    {
        ["c7i.large"] = ["us-east-1b", "us-east-1d"],
    };

    private static Dictionary<string, object> InstanceTypeOfferings(MockCallArgs args)
    {
        var filters = args.Args.TryGetValue("filters", out var value) && value is IEnumerable<object> list ? list.OfType<IReadOnlyDictionary<string, object>>() : [];
        var type = filters.Where(filter => filter.TryGetValue("name", out var name) && (string)name == "instance-type")
            .SelectMany(filter => ((IEnumerable<object>)filter["values"]).Cast<string>()).Single();
        var locations = ZoneNames.Except(ZonesWithout.GetValueOrDefault(type) ?? []).ToArray();
        return new Dictionary<string, object>
        {
            ["id"] = Region,
            ["locationType"] = "availability-zone",
            ["locations"] = locations,
            ["locationTypes"] = locations.Select(_ => "availability-zone").ToArray(),
            ["instanceTypes"] = locations.Select(_ => type).ToArray(),
            ["filters"] = Array.Empty<object>(),
        };
    }

    private object Call(MockCallArgs args)
    {
        lock (_calls)
        {
            _calls.Add(args);
        }

        return args.Token switch
        {
            ResourceTypes.GetInstanceTypeOfferings => InstanceTypeOfferings(args),
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
            ResourceTypes.GetZone => Zone(args),
            ResourceTypes.GetCallerIdentity => new Dictionary<string, object>
            {
                ["accountId"] = Account,
                ["arn"] = $"arn:aws:iam::{Account}:user/deployer",
                ["id"] = Account,
                ["userId"] = "AIDACKCEVSQ6C2EXAMPLE",
            },
            _ => throw new InvalidOperationException($"the program called {args.Token}, which the mocks don't answer"),
        };
    }
}
