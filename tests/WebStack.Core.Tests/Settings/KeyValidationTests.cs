// Every key of the stack file: good values are taken as written, each kind of bad value is refused with a message
// that names the key, repeats the value and says what is allowed.
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public class KeyValidationTests
{
    [Theory]
    [InlineData("aws:region", "eu-central-1", "eu-central-1")]
    [InlineData("aws:region", "ap-southeast-2", "ap-southeast-2")]
    [InlineData("aws:region", "me-central-1", "me-central-1")]
    [InlineData("profile", "prod", "prod")]
    [InlineData("profile", "dev", "dev")]
    [InlineData("azCount", "2", "2")]
    [InlineData("azCount", "6", "6")]
    [InlineData("azCount", " 3 ", "3")]
    [InlineData("vpcCidr", "10.20.0.0/16", "10.20.0.0/16")]
    [InlineData("vpcCidr", "172.31.0.0/16", "172.31.0.0/16")]
    [InlineData("vpcCidr", "192.168.8.0/21", "192.168.8.0/21")]
    [InlineData("natStrategy", "none", "none")]
    [InlineData("natStrategy", "single", "single")]
    [InlineData("natStrategy", "perAz", "perAz")]
    [InlineData("flowLogs", "true", "true")]
    [InlineData("flowLogs", "False", "false")]
    [InlineData("instanceType", "t3.micro", "t3.micro")]
    [InlineData("instanceType", "m7i-flex.large", "m7i-flex.large")]
    [InlineData("instanceType", "c6in.2xlarge", "c6in.2xlarge")]
    [InlineData("instanceType", "g4dn.xlarge", "g4dn.xlarge")]
    [InlineData("instanceType", "g4ad.xlarge", "g4ad.xlarge")]
    [InlineData("minSize", "1", "1")]
    [InlineData("maxSize", "100", "100")]
    [InlineData("desiredCapacity", "2", "2")]
    [InlineData("scalingCpuTarget", "10", "10")]
    [InlineData("scalingCpuTarget", "90", "90")]
    [InlineData("appProcesses", "1", "1")]
    [InlineData("appProcesses", "16", "16")]
    [InlineData("appBasePort", "1024", "1024")]
    [InlineData("appBasePort", "8000", "8000")]
    [InlineData("healthCheckPath", "/health/ready", "/health/ready")]
    [InlineData("healthCheckPath", "/_status.json", "/_status.json")]
    [InlineData("healthCheckPath", "/staticky", "/staticky")]
    [InlineData("healthCheckPath", "/.well-known/health", "/.well-known/health")]
    [InlineData("healthCheckPath", "/v1.2/health..check", "/v1.2/health..check")]
    [InlineData("healthCheckIntervalSeconds", "5", "5")]
    [InlineData("healthCheckIntervalSeconds", "300", "300")]
    [InlineData("healthyThreshold", "10", "10")]
    [InlineData("unhealthyThreshold", "2", "2")]
    [InlineData("ingressCidrs", "203.0.113.0/24", "203.0.113.0/24")]
    [InlineData("ingressCidrs", "203.0.113.0/24, 198.51.100.7/32", "203.0.113.0/24,198.51.100.7/32")]
    [InlineData("ingressCidrs", "[\"203.0.113.0/24\", \"10.0.0.0/8\"]", "203.0.113.0/24,10.0.0.0/8")]
    [InlineData("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-aaaa-bbbb-cccc-0123456789ab",
        "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-aaaa-bbbb-cccc-0123456789ab")]
    [InlineData("dbEngineVersion", "14", "14")]
    [InlineData("dbEngineVersion", "18", "18")]
    [InlineData("dbInstanceClass", "db.r7g.xlarge", "db.r7g.xlarge")]
    [InlineData("dbInstanceClass", "db.t3.micro", "db.t3.micro")]
    [InlineData("dbAllocatedStorage", "20", "20")]
    [InlineData("dbAllocatedStorage", "65536", "65536")]
    [InlineData("dbMultiAz", "true", "true")]
    [InlineData("dbBackupRetentionDays", "0", "0")]
    [InlineData("dbBackupRetentionDays", "35", "35")]
    [InlineData("dbDeletionProtection", "TRUE", "true")]
    [InlineData("dbFinalSnapshot", "false", "false")]
    public void A_good_value_is_accepted_and_shown_as_set_in_the_stack_file(string key, string value, string shown)
    {
        var result = Config.Read((key, value));

        Config.AssertValid(result);
        var effective = Config.Effective(result, key);
        Assert.Equal(shown, effective.Display);
        Assert.Equal(SettingSource.StackFile, effective.Source);
    }

    [Theory]
    [InlineData("aws:region", "US-EAST-1", "must be an AWS region code such as us-east-1")]
    [InlineData("aws:region", "useast1", "must be an AWS region code such as us-east-1")]
    [InlineData("aws:region", "", "must be an AWS region code such as us-east-1")]
    [InlineData("profile", "production", "must be dev or prod")]
    [InlineData("profile", "Prod", "must be dev or prod")]
    [InlineData("azCount", "1", "must be a whole number from 2 to 6")]
    [InlineData("azCount", "7", "must be a whole number from 2 to 6")]
    [InlineData("azCount", "two", "must be a whole number from 2 to 6")]
    [InlineData("azCount", "2.5", "must be a whole number from 2 to 6")]
    [InlineData("natStrategy", "perAZ", "must be one of none, single, perAz")]
    [InlineData("natStrategy", "NONE", "must be one of none, single, perAz")]
    [InlineData("natStrategy", "gateway", "must be one of none, single, perAz")]
    [InlineData("flowLogs", "yes", "must be true or false")]
    [InlineData("flowLogs", "1", "must be true or false")]
    [InlineData("instanceType", "large", "must be an EC2 instance type such as t3.small or m7i.large")]
    [InlineData("instanceType", "T3.small", "must be an EC2 instance type such as t3.small or m7i.large")]
    [InlineData("instanceType", "t3", "must be an EC2 instance type such as t3.small or m7i.large")]
    [InlineData("instanceType", "t4g.small", "is an arm64 (Graviton) type")]
    [InlineData("instanceType", "m7g.large", "is an arm64 (Graviton) type")]
    [InlineData("instanceType", "c6gn.xlarge", "is an arm64 (Graviton) type")]
    [InlineData("instanceType", "r8gd.large", "is an arm64 (Graviton) type")]
    [InlineData("instanceType", "a1.large", "is an arm64 (Graviton) type")]
    [InlineData("minSize", "0", "must be a whole number from 1 to 100")]
    [InlineData("minSize", "101", "must be a whole number from 1 to 100")]
    [InlineData("minSize", "few", "must be a whole number from 1 to 100")]
    [InlineData("maxSize", "0", "must be a whole number from 1 to 100")]
    [InlineData("maxSize", "1e2", "must be a whole number from 1 to 100")]
    [InlineData("desiredCapacity", "0", "must be a whole number from 1 to 100")]
    [InlineData("scalingCpuTarget", "9", "must be a whole number from 10 to 90")]
    [InlineData("scalingCpuTarget", "91", "must be a whole number from 10 to 90")]
    [InlineData("appProcesses", "0", "must be a whole number from 1 to 16")]
    [InlineData("appProcesses", "17", "must be a whole number from 1 to 16")]
    [InlineData("appBasePort", "80", "must be a whole number from 1024 to 65535")]
    [InlineData("appBasePort", "65536", "must be a whole number from 1024 to 65535")]
    [InlineData("healthCheckPath", "healthz", "must be a path such as /healthz")]
    [InlineData("healthCheckPath", "/health check", "must be a path such as /healthz")]
    [InlineData("healthCheckPath", "/health?full=1", "must be a path such as /healthz")]
    [InlineData("healthCheckPath", "/", "can't be / (nginx answers it itself")]
    [InlineData("healthCheckPath", "/health//live", "must not contain //")]
    [InlineData("healthCheckPath", "/./healthz", "must not contain . or .. segments (nginx resolves them")]
    [InlineData("healthCheckPath", "/app/../healthz", "must not contain . or .. segments")]
    [InlineData("healthCheckPath", "/healthz/.", "must not contain . or .. segments")]
    [InlineData("healthCheckPath", "/static/health", "is under /static/, where nginx serves the app's static files (staticPath)")]
    [InlineData("healthCheckPath", "/static", "is under /static/, where nginx serves the app's static files (staticPath)")]
    [InlineData("healthCheckIntervalSeconds", "4", "must be a whole number from 5 to 300")]
    [InlineData("healthCheckIntervalSeconds", "301", "must be a whole number from 5 to 300")]
    [InlineData("healthyThreshold", "1", "must be a whole number from 2 to 10")]
    [InlineData("unhealthyThreshold", "11", "must be a whole number from 2 to 10")]
    [InlineData("ingressCidrs", "", "must name at least one IPv4 CIDR")]
    [InlineData("ingressCidrs", "[1, 2]", "must be a list of IPv4 CIDRs")]
    [InlineData("ingressCidrs", "[\"203.0.113.0/24\"", "must be a list of IPv4 CIDRs")]
    [InlineData("certificateArn", "not-an-arn", "must be an ACM certificate ARN")]
    [InlineData("certificateArn", "arn:aws:iam::123456789012:server-certificate/site", "must be an ACM certificate ARN")]
    [InlineData("dbEngineVersion", "13", "must be a PostgreSQL version RDS supports, 14 to 18")]
    [InlineData("dbEngineVersion", "19", "must be a PostgreSQL version RDS supports, 14 to 18")]
    [InlineData("dbEngineVersion", "17.4.1", "must be a PostgreSQL version RDS supports, 14 to 18")]
    [InlineData("dbEngineVersion", "latest", "must be a PostgreSQL version RDS supports, 14 to 18")]
    [InlineData("dbInstanceClass", "t4g.micro", "must be an RDS instance class such as db.t4g.micro")]
    [InlineData("dbInstanceClass", "db.T4g.micro", "must be an RDS instance class such as db.t4g.micro")]
    [InlineData("dbAllocatedStorage", "19", "must be a whole number from 20 to 65536")]
    [InlineData("dbAllocatedStorage", "65537", "must be a whole number from 20 to 65536")]
    [InlineData("dbMultiAz", "maybe", "must be true or false")]
    [InlineData("dbBackupRetentionDays", "-1", "must be a whole number from 0 to 35")]
    [InlineData("dbBackupRetentionDays", "36", "must be a whole number from 0 to 35")]
    [InlineData("dbDeletionProtection", "no", "must be true or false")]
    [InlineData("dbFinalSnapshot", "on", "must be true or false")]
    [InlineData("tags", "CostCenter=1234", "must be a map of tag names to values")]
    [InlineData("tags", "[\"CostCenter\"]", "must be a map of tag names to values")]
    [InlineData("sites", "{\"name\": \"blog\"}", "must be a list of sites, each {name, serverName, processes, app}")]
    [InlineData("sites", "blog.example.com", "must be a list of sites, each {name, serverName, processes, app}")]
    public void A_bad_value_is_refused_naming_the_key_the_value_and_what_is_allowed(string key, string value, string allowed)
    {
        var result = Config.Read((key, value));

        Config.AssertRefused(result, key, $"{key} = \"{value}\":", allowed);
    }

    [Theory]
    [InlineData("10.0/16", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("010.0.0.0/16", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.0.0.0/016", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("10.300.0.0/16", "each of the four numbers must be from 0 to 255")]
    [InlineData("10.0.0.0/33", "the prefix length after / must be from 0 to 32")]
    [InlineData("fd00:1::/48", "is an IPv6 range; this stack uses IPv4 CIDRs")]
    [InlineData("10.0.0.1/16", "has bits set after the /16 prefix; the network it names is 10.0.0.0/16")]
    [InlineData("10.0.0.0/8", "is larger than AWS allows for a VPC; use a prefix from /16 to /21")]
    [InlineData("172.16.0.0/15", "is larger than AWS allows for a VPC; use a prefix from /16 to /21")]
    [InlineData("10.0.0.0/22", "is too small: public subnets must be /27 or larger")]
    [InlineData("192.168.0.0/24", "use a prefix from /16 to /21")]
    [InlineData("8.8.0.0/16", "is not a private range; use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")]
    [InlineData("172.32.0.0/16", "is not a private range")]
    [InlineData("100.64.0.0/16", "is not a private range")]
    public void A_vpc_cidr_that_cant_hold_the_plan_is_refused_saying_why(string value, string why)
    {
        var result = Config.Read(("vpcCidr", value));

        Config.AssertRefused(result, "vpcCidr", $"vpcCidr = \"{value}\":", why);
    }

    [Theory]
    [InlineData("203.0.113.0", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("anywhere", "is not an IPv4 CIDR; write it as a.b.c.d/n")]
    [InlineData("2001:db8::/32", "is an IPv6 range")]
    [InlineData("203.0.113.5/24", "has bits set after the /24 prefix; the network it names is 203.0.113.0/24")]
    public void An_ingress_entry_that_is_not_an_exact_ipv4_cidr_is_refused_by_itself(string entry, string why)
    {
        var result = Config.Read(("ingressCidrs", $"198.51.100.0/24,{entry}"));

        Config.AssertRefused(result, "ingressCidrs", $"ingressCidrs: \"{entry}\" {why}");
    }

    [Fact]
    public void An_ingress_range_listed_twice_is_refused()
    {
        var result = Config.Read(("ingressCidrs", "203.0.113.0/24,198.51.100.0/24,203.0.113.0/24"));

        Config.AssertRefused(result, "ingressCidrs", "ingressCidrs: 203.0.113.0/24 is listed twice");
    }

    [Fact]
    public void Ingress_ranges_are_read_from_a_list_and_from_comma_separated_text_alike()
    {
        var fromText = Config.Valid(("ingressCidrs", " 203.0.113.0/24 ,198.51.100.7/32,"));
        var fromList = Config.Valid(("ingressCidrs", "[\"203.0.113.0/24\", \"198.51.100.7/32\"]"));

        Assert.Equal(["203.0.113.0/24", "198.51.100.7/32"], fromText.IngressCidrs.Select(cidr => cidr.ToString()));
        Assert.Equal(fromText.IngressCidrs, fromList.IngressCidrs);
    }

    [Fact]
    public void The_arm_refusal_says_which_types_to_use_instead()
    {
        var result = Config.Read(("instanceType", "t4g.small"));

        Config.AssertRefused(result, "instanceType", "instanceType = \"t4g.small\"", "use an x86_64 type such as t3.small");
    }

    [Theory]
    [InlineData("t3.small", false)]
    [InlineData("m7i.large", false)]
    [InlineData("g5.xlarge", false)]
    [InlineData("g4ad.xlarge", false)]
    [InlineData("m5dn.large", false)]
    [InlineData("t4g.nano", true)]
    [InlineData("g5g.xlarge", true)]
    [InlineData("im4gn.large", true)]
    [InlineData("x2gd.medium", true)]
    [InlineData("a1.medium", true)]
    public void Graviton_types_are_told_apart_by_the_g_after_the_generation(string instanceType, bool arm) =>
        Assert.Equal(arm, StackSettingsReader.IsArm(instanceType));

    [Fact]
    public void A_desired_capacity_outside_min_and_max_is_refused()
    {
        var result = Config.Read(("minSize", "2"), ("maxSize", "4"), ("desiredCapacity", "5"));

        Config.AssertRefused(result, "desiredCapacity", "desiredCapacity (5) must be between minSize (2) and maxSize (4)");
    }

    [Fact]
    public void Min_size_above_max_size_is_refused_in_exactly_these_words()
    {
        var result = Config.Read(("minSize", "3"), ("maxSize", "2"));

        var error = Config.AssertRefused(result, "minSize", "minSize (3) is greater than maxSize (2)");
        Assert.Equal("minSize (3) is greater than maxSize (2)", error.Message);
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(30, true)]
    public void As_many_ingress_ranges_as_the_load_balancers_group_holds_are_accepted(int count, bool https)
    {
        var values = IngressOf(count, https);

        var settings = Config.AssertValid(Config.Read(values));

        Assert.Equal(count, settings.IngressCidrs.Count);
    }

    [Theory]
    [InlineData(61, false, "ingressCidrs has 61 entries", "each entry takes 1; list at most 60")]
    [InlineData(31, true, "ingressCidrs has 31 entries", "each entry takes 2; list at most 30")]
    public void More_ingress_ranges_than_the_load_balancers_group_holds_are_refused(int count, bool https, string what, string allowed)
    {
        var result = Config.Read(IngressOf(count, https));

        Config.AssertRefused(result, "ingressCidrs", what, "holds at most 60 inbound rules", allowed);
    }

    private static (string, string)[] IngressOf(int count, bool https)
    {
        var cidrs = string.Join(",", Enumerable.Range(0, count).Select(i => $"198.51.{i}.0/24"));
        return https
            ? [("ingressCidrs", cidrs), ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc")]
            : [("ingressCidrs", cidrs)];
    }

    [Fact]
    public void An_app_base_port_without_room_for_every_process_is_refused_with_the_highest_port_that_fits()
    {
        var result = Config.Read(("appBasePort", "65535"), ("appProcesses", "2"));

        Config.AssertRefused(result, "appBasePort",
            "appBasePort (65535) leaves no room for 2 app processes (the last would be on port 65536); use 65534 or lower");
    }

    [Fact]
    public void The_last_port_that_fits_is_accepted()
    {
        var settings = Config.Valid(("appBasePort", "65534"), ("appProcesses", "2"));

        Assert.Equal(65534, settings.Fleet.AppBasePort);
    }

    [Fact]
    public void A_secret_the_offline_plan_cant_decrypt_is_refused_for_a_key_that_shapes_the_stack()
    {
        var result = Config.ReadValues("dev", ("azCount", ConfigValue.UnreadableSecret));

        Config.AssertRefused(result, "azCount", "azCount is stored as a secret, which can't be decrypted here",
            "store it in plain text: pulumi config set azCount <value>");
    }

    [Fact]
    public void Values_are_trimmed_where_blanks_cant_matter_and_keep_their_meaning()
    {
        var settings = Config.Valid(("minSize", " 2"), ("maxSize", "4 "), ("flowLogs", " true "), ("vpcCidr", " 10.1.0.0/16 "));

        Assert.Equal(2, settings.Fleet.MinSize);
        Assert.Equal(4, settings.Fleet.MaxSize);
        Assert.True(settings.Network.FlowLogs);
        Assert.Equal("10.1.0.0/16", settings.Network.VpcCidr.ToString());
    }
}

public class StrictTextTests
{
    // Regex's $ also matches before a final newline, and \d matches the digits of every script: neither may let a
    // value through that AWS or nginx would then choke on.
    [Theory]
    [InlineData("aws:region", "us-east-1\n")]
    [InlineData("aws:region", "us-east-\u0661")]
    [InlineData("instanceType", "t3.small\n")]
    [InlineData("instanceType", "t\u0663.small")]
    [InlineData("healthCheckPath", "/healthz\n")]
    [InlineData("dbEngineVersion", "17\n")]
    [InlineData("dbEngineVersion", "17.\u0664")]
    [InlineData("dbInstanceClass", "db.t4g.micro\n")]
    [InlineData("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc\n")]
    [InlineData("certificateArn", "arn:aws:acm:us-east-1:\u0661\u0662\u0663456789012:certificate/abc")]
    [InlineData("sshKeyName", "ops\n")]
    public void A_value_with_a_trailing_newline_or_foreign_digits_is_refused(string key, string value)
    {
        // sshKeyName comes with its ranges, so the only problem is the value under test.
        var result = key == "sshKeyName" ? Config.Read((key, value), ("sshCidrs", "198.51.100.0/24")) : Config.Read((key, value));

        Config.AssertRefused(result, key, $"{key} = \"{value}\":");
    }

    [Theory]
    [InlineData("[{\"name\": \"blog\\n\", \"serverName\": \"blog.example.com\"}]", "sites[0].name")]
    [InlineData("[{\"name\": \"blog\", \"serverName\": \"blog.example.com\\n\"}]", "sites[0].serverName")]
    public void A_site_with_a_trailing_newline_is_refused(string sites, string where)
    {
        Config.AssertRefused(Config.Read(("sites", sites)), "sites", where);
    }

    [Fact]
    public void A_tag_value_with_a_trailing_newline_is_refused()
    {
        Config.AssertRefused(Config.Read(("tags", "{\"Team\": \"web\\n\"}")), "tags", "tags.Team = \"web\n\": a tag value is up to 256");
    }

    [Fact]
    public void A_cidr_with_foreign_digits_is_refused_rather_than_crashing_the_reader()
    {
        var result = Config.Read(("ingressCidrs", "\u0661\u0660.0.0.0/8"));

        Config.AssertRefused(result, "ingressCidrs", "is not an IPv4 CIDR");
    }
}
