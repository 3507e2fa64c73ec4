// The rule table against AWS's documentation, kind by kind: its maximum, a name AWS accepts and one it refuses (with
// the reason), and the longest name the table lets through. The numbers here are written from the AWS pages each
// rule cites, independently of the table, so a slip in either shows.
using WebStack.Core.Naming;

namespace WebStack.Core.Tests.Naming;

public class NameRulesTests
{
    private static readonly Dictionary<string, NameRule> Rules = new()
    {
        [nameof(NameRules.NameTag)] = NameRules.NameTag,
        [nameof(NameRules.SecurityGroup)] = NameRules.SecurityGroup,
        [nameof(NameRules.LoadBalancer)] = NameRules.LoadBalancer,
        [nameof(NameRules.TargetGroup)] = NameRules.TargetGroup,
        [nameof(NameRules.IamRole)] = NameRules.IamRole,
        [nameof(NameRules.InstanceProfile)] = NameRules.InstanceProfile,
        [nameof(NameRules.RolePolicy)] = NameRules.RolePolicy,
        [nameof(NameRules.LaunchTemplate)] = NameRules.LaunchTemplate,
        [nameof(NameRules.AutoScalingGroup)] = NameRules.AutoScalingGroup,
        [nameof(NameRules.ScalingPolicy)] = NameRules.ScalingPolicy,
        [nameof(NameRules.S3Bucket)] = NameRules.S3Bucket,
        [nameof(NameRules.S3ObjectKey)] = NameRules.S3ObjectKey,
        [nameof(NameRules.DbInstance)] = NameRules.DbInstance,
        [nameof(NameRules.DbFinalSnapshot)] = NameRules.DbFinalSnapshot,
        [nameof(NameRules.DbSubnetGroup)] = NameRules.DbSubnetGroup,
        [nameof(NameRules.DbParameterGroup)] = NameRules.DbParameterGroup,
        [nameof(NameRules.Secret)] = NameRules.Secret,
        [nameof(NameRules.LogGroup)] = NameRules.LogGroup,
        [nameof(NameRules.SnsTopic)] = NameRules.SnsTopic,
        [nameof(NameRules.MetricAlarm)] = NameRules.MetricAlarm,
        [nameof(NameRules.Dashboard)] = NameRules.Dashboard,
        [nameof(NameRules.WafWebAcl)] = NameRules.WafWebAcl,
        [nameof(NameRules.Budget)] = NameRules.Budget,
        [nameof(NameRules.Route53Record)] = NameRules.Route53Record,
        [nameof(NameRules.Vpc)] = NameRules.Vpc,
        [nameof(NameRules.Subnet)] = NameRules.Subnet,
        [nameof(NameRules.RouteTable)] = NameRules.RouteTable,
        [nameof(NameRules.InternetGateway)] = NameRules.InternetGateway,
        [nameof(NameRules.NatGateway)] = NameRules.NatGateway,
        [nameof(NameRules.ElasticIp)] = NameRules.ElasticIp,
        [nameof(NameRules.FlowLog)] = NameRules.FlowLog,
        [nameof(NameRules.VpcEndpoint)] = NameRules.VpcEndpoint,
        [nameof(NameRules.Listener)] = NameRules.Listener,
        [nameof(NameRules.SecurityGroupRule)] = NameRules.SecurityGroupRule,
        [nameof(NameRules.Instance)] = NameRules.Instance,
        [nameof(NameRules.Volume)] = NameRules.Volume,
        [nameof(NameRules.AcmCertificate)] = NameRules.AcmCertificate,
        [nameof(NameRules.S3Object)] = NameRules.S3Object,
    };

    /// <summary>Kind, AWS's documented maximum, a name AWS accepts, one it refuses, and what the refusal says.</summary>
    public static TheoryData<string, int, string, string, string> Documented => new()
    {
        // Tag values: at most 256 Unicode characters; "aws:" is reserved.
        { nameof(NameRules.NameTag), 256, "webstack-dev-vpc", "aws:webstack", "aws:" },
        // CreateSecurityGroup GroupName: up to 255; can't start with "sg-".
        { nameof(NameRules.SecurityGroup), 255, "webstack-dev-sg-app-0a1b2c3", "sg-app", "sg-" },
        // CreateLoadBalancer Name: at most 32; alphanumerics and hyphens; no leading/trailing hyphen; not "internal-".
        { nameof(NameRules.LoadBalancer), 32, "webstack-dev-alb-0a1b2c3", "internal-web-alb", "internal-" },
        // CreateTargetGroup Name: at most 32; alphanumerics and hyphens; no leading/trailing hyphen.
        { nameof(NameRules.TargetGroup), 32, "webstack-dev-web-0a1b2c3", "web-", "end with a letter or a digit" },
        // CreateRole RoleName: 1-64 of [\w+=,.@-].
        { nameof(NameRules.IamRole), 64, "webstack-dev-app-role-0a1b2c3", "app role", "U+0020" },
        // CreateInstanceProfile InstanceProfileName: 1-128 of [\w+=,.@-].
        { nameof(NameRules.InstanceProfile), 128, "webstack-dev-app-profile-0a1b2c3", "app/profile", "'/'" },
        // PutRolePolicy PolicyName: 1-128 of [\w+=,.@-].
        { nameof(NameRules.RolePolicy), 128, "webstack-dev-app-access-0a1b2c3", "access:read", "':'" },
        // CreateLaunchTemplate LaunchTemplateName: 3-128 of [a-zA-Z0-9().\-/_].
        { nameof(NameRules.LaunchTemplate), 128, "webstack-dev-app-template-0a1b2c3", "lt", "at least 3" },
        // CreateAutoScalingGroup AutoScalingGroupName: 1-255 printable characters.
        { nameof(NameRules.AutoScalingGroup), 255, "webstack-dev-app-asg-0a1b2c3", "asg\n", "U+000A" },
        // PutScalingPolicy PolicyName: 1-255 printable characters.
        { nameof(NameRules.ScalingPolicy), 255, "webstack-dev-app-cpu-target-0a1b2c3", "cpu\ttarget", "U+0009" },
        // General purpose bucket naming rules: 3-63; lower case, digits, '.', '-'; not an IP address.
        { nameof(NameRules.S3Bucket), 63, "webstack-dev-packages-0a1b2c3", "192.168.5.4", "IP address" },
        // Object keys: at most 1,024 bytes of UTF-8; safe characters.
        { nameof(NameRules.S3ObjectKey), 1024, "app/0123abcd.tar.gz", "app/my package.tar.gz", "U+0020" },
        // CreateDBInstance DBInstanceIdentifier: 1-63; letters, digits, hyphens; first a letter; no -- or trailing -.
        { nameof(NameRules.DbInstance), 63, "webstack-dev-db-0a1b2c3", "webstack--db", "two hyphens" },
        // DeleteDBInstance FinalDBSnapshotIdentifier: 1-255; letters, digits, hyphens; first a letter.
        { nameof(NameRules.DbFinalSnapshot), 255, "webstack-dev-db-final-k3y5uf1x", "1-db-final", "start with a letter" },
        // CreateDBSubnetGroup DBSubnetGroupName: up to 255; not "default".
        { nameof(NameRules.DbSubnetGroup), 255, "webstack-dev-db-subnets-0a1b2c3", "default", "\"default\"" },
        // CreateDBParameterGroup DBParameterGroupName: 1-255; letters, digits, hyphens; no trailing hyphen.
        { nameof(NameRules.DbParameterGroup), 255, "webstack-dev-postgres17-0a1b2c3", "webstack-dev-postgres-", "end with a letter or a digit" },
        // CreateSecret Name: 1-512 of letters, digits and /_+=.@-; not ending with '-' and six characters.
        { nameof(NameRules.Secret), 512, "webstack-dev-db-credentials-0a1b2c3", "db-credentials-abcdef", "six characters" },
        // CreateLogGroup logGroupName: 1-512 of [.\-_/#A-Za-z0-9].
        { nameof(NameRules.LogGroup), 512, "/webstack/dev/flow-logs-0a1b2c3", "flow:logs", "':'" },
        // CreateTopic Name: 1-256 letters, digits, '_' and '-'.
        { nameof(NameRules.SnsTopic), 256, "webstack-dev-alarms-0a1b2c3", "alarms.topic", "'.'" },
        // PutMetricAlarm AlarmName: 1-255, no control characters.
        { nameof(NameRules.MetricAlarm), 255, "webstack-dev-cpu-high-0a1b2c3", "cpu\u0007high", "U+0007" },
        // PutDashboard DashboardName: at most 255 of A-Z, a-z, 0-9, '-' and '_'.
        { nameof(NameRules.Dashboard), 255, "webstack-dev-overview", "webstack.dev", "'.'" },
        // CreateWebACL Name: 1-128 of letters, digits, '-' and '_'.
        { nameof(NameRules.WafWebAcl), 128, "webstack-prod-waf", "webstack.prod", "'.'" },
        // Budget BudgetName: 1-100; no ':' or '\'; no "/action/".
        { nameof(NameRules.Budget), 100, "webstack-dev-monthly-0a1b2c3", "team/action/budget", "/action/" },
        // DNS names: labels of at most 63, at most 255 bytes on the wire.
        { nameof(NameRules.Route53Record), 253, "*.app.example.com", "app..example.com", "empty label" },
        { nameof(NameRules.Vpc), 256, "webstack-dev-vpc", "aws:vpc", "aws:" },
        { nameof(NameRules.Subnet), 256, "webstack-dev-subnet-app-a", "aws:subnet", "aws:" },
        { nameof(NameRules.RouteTable), 256, "webstack-dev-rt-public", "AWS:rt", "aws:" },
        { nameof(NameRules.InternetGateway), 256, "webstack-dev-igw", "igw#1", "'#'" },
        { nameof(NameRules.NatGateway), 256, "webstack-dev-nat-a", "aws:nat", "aws:" },
        { nameof(NameRules.ElasticIp), 256, "webstack-dev-nat-eip-a", "aws:eip", "aws:" },
        { nameof(NameRules.FlowLog), 256, "webstack-dev-flow-log", "aws:flow", "aws:" },
        { nameof(NameRules.VpcEndpoint), 256, "webstack-dev-vpce-s3", "aws:vpce", "aws:" },
        { nameof(NameRules.Listener), 256, "webstack-dev-listener-http", "aws:listener", "aws:" },
        { nameof(NameRules.SecurityGroupRule), 256, "webstack-dev-app-in-tcp80-from-loadbalancer", "aws:rule", "aws:" },
        { nameof(NameRules.Instance), 256, "webstack-dev-app-server", "aws:server", "aws:" },
        { nameof(NameRules.Volume), 256, "webstack-dev-app-server-root", "aws:volume", "aws:" },
        { nameof(NameRules.AcmCertificate), 256, "webstack-dev-certificate", "aws:certificate", "aws:" },
        { nameof(NameRules.S3Object), 256, "webstack-dev-app-package", "aws:package", "aws:" },
    };

    /// <summary>The longest autonamed name pulumi-aws 7.x makes of each kind (its source, provider/*.go).</summary>
    public static TheoryData<string, int> ProviderMaximums => new()
    {
        { nameof(NameRules.SecurityGroup), 255 },
        { nameof(NameRules.LoadBalancer), 255 },
        { nameof(NameRules.TargetGroup), 32 },
        { nameof(NameRules.IamRole), 64 },
        { nameof(NameRules.InstanceProfile), 255 },
        { nameof(NameRules.RolePolicy), 255 },
        { nameof(NameRules.LaunchTemplate), 255 },
        { nameof(NameRules.AutoScalingGroup), 255 },
        { nameof(NameRules.ScalingPolicy), 255 },
        { nameof(NameRules.S3Bucket), 63 },
        { nameof(NameRules.DbInstance), 255 },
        { nameof(NameRules.DbSubnetGroup), 255 },
        { nameof(NameRules.DbParameterGroup), 255 },
        { nameof(NameRules.Secret), 255 },
        { nameof(NameRules.LogGroup), 255 },
        { nameof(NameRules.SnsTopic), 80 },
        { nameof(NameRules.MetricAlarm), 255 },
        { nameof(NameRules.Budget), 255 },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public void Each_kind_has_awss_documented_maximum_accepts_a_valid_name_and_refuses_an_invalid_one(
        string kind, int documentedMaximum, string valid, string invalid, string because)
    {
        var rule = Rules[kind];

        Assert.Equal(documentedMaximum, rule.MaxLength);
        Assert.Empty(rule.Problems(valid));
        var problems = rule.Problems(invalid);
        Assert.True(problems.Any(problem => problem.Contains(because, StringComparison.OrdinalIgnoreCase)),
            $"{kind}: \"{invalid}\" should be refused for {because}; got: {string.Join(" | ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void The_longest_name_passes_and_one_more_character_is_refused(string kind, int documentedMaximum, string valid, string invalid, string because)
    {
        _ = (invalid, because);
        var rule = Rules[kind];
        var maximum = rule.Assignment == NameAssignment.PulumiAutoname ? Math.Min(documentedMaximum, rule.ProviderMaxLength) : documentedMaximum;
        string Of(int length) => rule == NameRules.Route53Record ? DnsName(length) : Lengthen(valid, length);

        Assert.Empty(rule.Problems(Of(maximum)));
        Assert.Contains(rule.Problems(Of(maximum + 1)), problem => problem.Contains($"at most {maximum}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProviderMaximums))]
    public void Each_autonamed_kind_knows_the_providers_maximum_and_leaves_room_for_its_suffix(string kind, int providerMaximum)
    {
        var rule = Rules[kind];

        Assert.Equal(NameAssignment.PulumiAutoname, rule.Assignment);
        Assert.Equal(providerMaximum, rule.ProviderMaxLength);
        Assert.Equal(Math.Min(rule.MaxLength, providerMaximum) - 8, rule.Room);
        Assert.Equal(8, rule.SampleSuffix.Length);
    }

    [Fact]
    public void Every_rule_is_checked_here_and_every_autonamed_one_has_its_provider_maximum()
    {
        var checkedKinds = Documented.Select(row => (string)row[0]).ToHashSet();
        var autonamed = ProviderMaximums.Select(row => (string)row[0]).ToHashSet();

        Assert.All(Rules, entry => Assert.Contains(entry.Key, checkedKinds));
        Assert.Equal(NameRules.All.Count - 1, Rules.Count); // all but Unnamed, which AWS never sees
        Assert.All(Rules.Where(entry => entry.Value.Assignment == NameAssignment.PulumiAutoname), entry => Assert.Contains(entry.Key, autonamed));
        Assert.All(NameRules.All, rule => Assert.False(string.IsNullOrWhiteSpace(rule.Source), rule.Kind));
    }

    [Fact]
    public void The_final_snapshot_leaves_room_for_its_random_suffix()
    {
        var rule = NameRules.DbFinalSnapshot;

        Assert.Equal(NameAssignment.Program, rule.Assignment);
        Assert.Equal(255 - 9, rule.Room);
        Assert.Empty(rule.Problems(new string('a', rule.Room) + rule.SampleSuffix));
    }

    [Fact]
    public void Byte_limits_count_bytes()
    {
        var key = "app/" + new string('é', 511); // 511 characters, 1,026 bytes

        Assert.Contains(NameRules.S3ObjectKey.Problems(key), problem => problem.Contains("1026 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dns_label_longer_than_63_characters_is_refused()
    {
        Assert.Empty(NameRules.Route53Record.Problems(new string('a', 63) + ".example.com"));
        Assert.Contains(NameRules.Route53Record.Problems(new string('a', 64) + ".example.com"), problem => problem.Contains("63", StringComparison.Ordinal));
    }

    // A DNS name of exactly the given length, in labels of 60 characters (61 where the name would end with a dot).
    private static string DnsName(int length)
    {
        var name = string.Concat(Enumerable.Repeat(new string('a', 60) + ".", (length / 61) + 1))[..length];
        return name.EndsWith('.') ? name[..^1] + "a" : name;
    }

    // Pads a valid name with characters every rule accepts in the middle, keeping its start and end.
    private static string Lengthen(string valid, int length)
    {
        if (valid.Length >= length)
        {
            return valid[..(length - 1)] + valid[^1];
        }

        var filler = new string('a', length - valid.Length);
        var cut = valid.Length / 2;
        return valid[..cut] + filler + valid[cut..];
    }
}
