// The settings with rules of their own: tags, sites, the certificate, SSH, and what prod warns about.
using WebStack.Core.Naming;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public class TagsTests
{
    [Fact]
    public void User_tags_are_read_from_a_map_with_numbers_and_booleans_as_text()
    {
        var result = Config.Read(("tags", "{\"CostCenter\": 1234, \"Team\": \"web platform\", \"Critical\": true, \"owner:email\": \"ops@example.com\"}"));

        var settings = Config.AssertValid(result);
        Assert.Equal(["CostCenter=1234", "Critical=true", "Team=web platform", "owner:email=ops@example.com"],
            settings.Tags.Select(tag => $"{tag.Key}={tag.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(new EffectiveSetting("tags", "CostCenter=1234, Critical=true, Team=web platform, owner:email=ops@example.com", SettingSource.StackFile),
            Config.Effective(result, "tags"));
    }

    [Fact]
    public void Tags_may_use_letters_of_any_language()
    {
        var settings = Config.Valid(("tags", "{\"Kostenstelle\": \"Müller-Straße\"}"));

        Assert.Equal("Müller-Straße", settings.Tags["Kostenstelle"]);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Project")]
    [InlineData("Stack")]
    [InlineData("Environment")]
    [InlineData("ManagedBy")]
    [InlineData("environment")]
    [InlineData("MANAGEDBY")]
    public void A_tag_the_stack_sets_itself_is_refused_in_any_case(string name)
    {
        var result = Config.Read(("tags", $"{{\"{name}\": \"mine\"}}"));

        Config.AssertRefused(result, "tags", $"tags: \"{name}\" is set by the stack itself (Name, Project, Stack, Environment, ManagedBy); choose another name");
    }

    [Theory]
    [InlineData("aws:createdBy")]
    [InlineData("AWS:team")]
    public void A_tag_in_the_aws_namespace_is_refused(string name)
    {
        var result = Config.Read(("tags", $"{{\"{name}\": \"x\"}}"));

        Config.AssertRefused(result, "tags", $"tags: \"{name}\" starts with aws:, which AWS keeps for itself");
    }

    [Theory]
    [InlineData("cost*center")]
    [InlineData("")]
    [InlineData("semi;colon")]
    public void A_tag_name_outside_what_aws_accepts_is_refused(string name)
    {
        var result = Config.Read(("tags", $"{{\"{name}\": \"x\"}}"));

        Config.AssertRefused(result, "tags", $"tags: \"{name}\" is not a valid tag name; use 1-128 letters, digits, spaces or + - = . _ : / @");
    }

    [Fact]
    public void A_tag_name_longer_than_128_characters_is_refused()
    {
        var name = new string('k', 129);

        Config.AssertRefused(Config.Read(("tags", $"{{\"{name}\": \"x\"}}")), "tags", "is not a valid tag name");
        Assert.True(Config.Read(("tags", $"{{\"{name[..128]}\": \"x\"}}")).IsValid);
    }

    [Theory]
    [InlineData("a<b")]
    [InlineData("semi;colon")]
    public void A_tag_value_outside_what_aws_accepts_is_refused(string value)
    {
        var result = Config.Read(("tags", $"{{\"Team\": \"{value}\"}}"));

        Config.AssertRefused(result, "tags", $"tags.Team = \"{value}\": a tag value is up to 256 letters, digits, spaces or + - = . _ : / @");
    }

    [Fact]
    public void A_tag_value_longer_than_256_characters_is_refused()
    {
        var value = new string('v', 257);

        Config.AssertRefused(Config.Read(("tags", $"{{\"Team\": \"{value}\"}}")), "tags", "tags.Team =", "a tag value is up to 256");
        Assert.True(Config.Read(("tags", $"{{\"Team\": \"{value[..256]}\"}}")).IsValid);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("{\"a\": 1}", "object")]
    [InlineData("[\"a\"]", "array")]
    public void A_tag_value_that_is_not_text_is_refused(string json, string kind)
    {
        var result = Config.Read(("tags", $"{{\"Team\": {json}}}"));

        Config.AssertRefused(result, "tags", $"tags.Team: the value must be text, not {kind}");
    }

    [Fact]
    public void At_most_as_many_user_tags_as_aws_leaves_room_for_are_accepted()
    {
        static string TagsOf(int count) => "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"Tag{i}\": \"v\"")) + "}";

        Assert.Equal(45, Config.Valid(("tags", TagsOf(45))).Tags.Count);
        Config.AssertRefused(Config.Read(("tags", TagsOf(46))), "tags",
            "tags has 46 entries; AWS allows 50 tags on a resource and the stack sets 5, so at most 45");
    }

    [Fact]
    public void Every_bad_tag_is_reported_not_only_the_first()
    {
        var result = Config.Read(("tags", "{\"Name\": \"x\", \"aws:x\": \"y\", \"ok\": \"fine\", \"Team\": \"a<b\"}"));

        Assert.Equal(3, result.Errors.Count(error => error.Key == "tags"));
    }

    [Fact]
    public void An_empty_tag_map_is_no_tags()
    {
        Assert.Empty(Config.Valid(("tags", "{}")).Tags);
    }
}

public class SitesTests
{
    [Fact]
    public void Sites_are_read_in_order_with_the_app_process_count_as_their_default()
    {
        var result = Config.Read(("appProcesses", "3"), ("sites",
            "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\"}, {\"name\": \"shop-eu\", \"serverName\": \"*.shop.example.eu\", \"processes\": 5}]"));

        var settings = Config.AssertValid(result);
        Assert.Equal([new SiteSettings("blog", "blog.example.com", 3), new SiteSettings("shop-eu", "*.shop.example.eu", 5)], settings.Sites);
        Assert.Equal(new EffectiveSetting("sites", "blog: blog.example.com × 3, the default app; shop-eu: *.shop.example.eu × 5, the default app", SettingSource.StackFile),
            Config.Effective(result, "sites"));
    }

    [Fact]
    public void A_process_count_given_as_text_is_read_as_a_number()
    {
        var settings = Config.Valid(("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": \"4\"}]"));

        Assert.Equal(4, settings.Sites.Single().Processes);
    }

    [Fact]
    public void An_empty_site_list_is_no_sites()
    {
        var result = Config.Read(("sites", "[]"));

        Assert.Empty(Config.AssertValid(result).Sites);
        Assert.Equal("(none)", Config.Effective(result, "sites").Display);
    }

    [Theory]
    [InlineData("{\"serverName\": \"blog.example.com\"}", "sites[0].name is missing")]
    [InlineData("{\"name\": \"blog\"}", "sites[0].serverName is missing")]
    [InlineData("{\"name\": 7, \"serverName\": \"blog.example.com\"}", "sites[0].name = 7: must be text")]
    [InlineData("{\"name\": \" \", \"serverName\": \"blog.example.com\"}", "sites[0].name = \" \": must be text")]
    [InlineData("{\"name\": \"Blog\", \"serverName\": \"blog.example.com\"}",
        "sites[0].name = \"Blog\": must start with a lower-case letter and hold up to 20 lower-case letters, digits or -")]
    [InlineData("{\"name\": \"1blog\", \"serverName\": \"blog.example.com\"}", "sites[0].name = \"1blog\": must start with a lower-case letter")]
    [InlineData("{\"name\": \"abcdefghijklmnopqrstu\", \"serverName\": \"blog.example.com\"}", "sites[0].name = \"abcdefghijklmnopqrstu\": must start")]
    [InlineData("{\"name\": \"blog_1\", \"serverName\": \"blog.example.com\"}", "sites[0].name = \"blog_1\": must start")]
    [InlineData("{\"name\": \"default\", \"serverName\": \"blog.example.com\"}", "sites[0].name = \"default\": \"default\" is the main app's name; choose another")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"Blog.Example.com\"}",
        "sites[0].serverName = \"Blog.Example.com\": must be a lower-case DNS name such as blog.example.com (or *.example.com)")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"localhost\"}", "sites[0].serverName = \"localhost\": must be a lower-case DNS name")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com.\"}", "sites[0].serverName = \"blog.example.com.\": must be a lower-case DNS name")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com; return 200\"}", "sites[0].serverName = \"blog.example.com; return 200\": must be")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"*.*.example.com\"}", "sites[0].serverName = \"*.*.example.com\": must be")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"-blog.example.com\"}", "sites[0].serverName = \"-blog.example.com\": must be")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 0}", "sites[0].processes = 0: must be a whole number from 1 to 16")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 17}", "sites[0].processes = 17: must be a whole number from 1 to 16")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 2.5}", "sites[0].processes = 2.5: must be a whole number from 1 to 16")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": \"many\"}", "sites[0].processes = \"many\": must be a whole number")]
    [InlineData("{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"port\": 8080}",
        "sites[0].port is not a site property; a site has name, serverName, processes")]
    [InlineData("\"blog.example.com\"", "sites[0]: each site must be a map with name, serverName, processes and (optionally) app")]
    public void A_bad_site_is_refused_saying_which_site_and_what_is_wrong(string site, string message)
    {
        var result = Config.Read(("sites", $"[{site}]"));

        Config.AssertRefused(result, "sites", message);
    }

    [Fact]
    public void Two_sites_may_not_share_a_name_or_a_server_name()
    {
        var result = Config.Read(("sites",
            "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\"}, {\"name\": \"blog\", \"serverName\": \"news.example.com\"},"
            + " {\"name\": \"news\", \"serverName\": \"blog.example.com\"}]"));

        Config.AssertRefused(result, "sites", "sites[1].name = \"blog\": another site already has this name");
        Config.AssertRefused(result, "sites", "sites[2].serverName = \"blog.example.com\": another site already answers to this name");
    }

    [Fact]
    public void The_problems_of_a_later_site_are_reported_with_its_own_index()
    {
        var result = Config.Read(("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\"}, {\"name\": \"Shop\", \"serverName\": \"shop\"}]"));

        Config.AssertRefused(result, "sites", "sites[1].name = \"Shop\"");
        Config.AssertRefused(result, "sites", "sites[1].serverName = \"shop\"");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void All_app_processes_together_must_fit_on_one_server()
    {
        var fits = Config.Read(("appProcesses", "16"), ("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 16}]"));
        var tooMany = Config.Read(("appProcesses", "16"), ("sites",
            "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 16}, {\"name\": \"wiki\", \"serverName\": \"wiki.example.com\", \"processes\": 1}]"));

        Config.AssertValid(fits);
        Config.AssertRefused(tooMany, "sites", "appProcesses and sites add up to 33 app processes per server; at most 32 fit on one server");
    }

    [Fact]
    public void The_ports_of_the_sites_count_toward_the_room_after_the_base_port()
    {
        var result = Config.Read(("appBasePort", "65530"), ("appProcesses", "2"),
            ("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 5}]"));

        Config.AssertRefused(result, "appBasePort", "appBasePort (65530) leaves no room for 7 app processes (the last would be on port 65536); use 65529 or lower");
    }
}

public class CertificateTests
{
    [Fact]
    public void A_certificate_from_the_stacks_region_turns_on_https()
    {
        var settings = Config.Valid(("aws:region", "eu-west-1"), ("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b-2c3d"));

        Assert.True(settings.HttpsEnabled);
        Assert.Equal("arn:aws:acm:eu-west-1:123456789012:certificate/0a1b-2c3d", settings.CertificateArn);
    }

    [Fact]
    public void A_certificate_in_another_partition_is_accepted_in_its_own_region()
    {
        var result = Config.Read(("aws:region", "us-gov-west-1"), ("certificateArn", "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc"));

        // The certificate is fine; what GovCloud lacks here is the RDS roots the servers would verify the database with.
        Assert.DoesNotContain(result.Errors, error => error.Key == "certificateArn");
        Config.AssertRefused(result, "aws:region", "us-gov-west-1 has no Amazon RDS root certificates pinned");
    }

    [Fact]
    public void A_certificate_from_another_region_is_refused_naming_both_regions()
    {
        var result = Config.Read(("aws:region", "eu-west-1"), ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc"));

        var error = Config.AssertRefused(result, "certificateArn", "certificateArn is in us-east-1 but the stack is in eu-west-1 (aws:region)");
        Assert.EndsWith("a load balancer can only use a certificate from its own region", error.Message);
    }

    [Fact]
    public void The_region_default_applies_to_the_certificate_check_too()
    {
        var result = Config.Read(("certificateArn", "arn:aws:acm:eu-central-1:123456789012:certificate/abc"));

        Config.AssertRefused(result, "certificateArn", "certificateArn is in eu-central-1 but the stack is in us-east-1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_certificate_means_plain_http(string value)
    {
        var result = Config.Read(("certificateArn", value));

        Assert.False(Config.AssertValid(result).HttpsEnabled);
        Assert.Equal(new EffectiveSetting("certificateArn", "(none: HTTP only)", SettingSource.Default), Config.Effective(result, "certificateArn"));
    }
}

public class SshTests
{
    [Fact]
    public void There_is_no_ssh_by_default()
    {
        var result = Config.Read();

        Assert.Null(Config.AssertValid(result).Ssh);
        Assert.Equal("(none: no SSH, SSM Session Manager)", Config.Effective(result, "sshKeyName").Display);
        Assert.Equal("(none)", Config.Effective(result, "sshCidrs").Display);
    }

    [Fact]
    public void A_key_pair_with_admin_ranges_turns_on_ssh()
    {
        var settings = Config.Valid(("sshKeyName", "ops key (2024)"), ("sshCidrs", "198.51.100.0/24,203.0.113.7/32"));

        Assert.Equal("ops key (2024)", settings.Ssh!.KeyName);
        Assert.Equal(["198.51.100.0/24", "203.0.113.7/32"], settings.Ssh.Cidrs.Select(cidr => cidr.ToString()));
    }

    [Fact]
    public void A_key_pair_without_admin_ranges_is_refused()
    {
        var result = Config.Read(("sshKeyName", "ops"));

        Config.AssertRefused(result, "sshCidrs", "sshKeyName is set but sshCidrs is not; SSH needs both: the key pair and the admin ranges it may come from");
    }

    [Fact]
    public void Admin_ranges_without_a_key_pair_are_refused()
    {
        var result = Config.Read(("sshCidrs", "198.51.100.0/24"));

        Config.AssertRefused(result, "sshKeyName", "sshCidrs is set but sshKeyName is not; SSH needs both");
    }

    [Theory]
    [InlineData("0.0.0.0/0", "never from anywhere")]
    [InlineData("10.0.0.0/8", "never from a whole network")]
    [InlineData("172.16.0.0/15", "never from a whole network")]
    public void Ssh_from_wider_than_a_16_is_refused(string cidr, string why)
    {
        var result = Config.Read(("sshKeyName", "ops"), ("sshCidrs", cidr));

        Config.AssertRefused(result, "sshCidrs", $"sshCidrs: {cidr} is wider than a /16; SSH must come from admin ranges (a VPN or an office), {why}");
    }

    [Fact]
    public void Ssh_from_a_16_is_accepted()
    {
        Assert.NotNull(Config.Valid(("sshKeyName", "ops"), ("sshCidrs", "172.16.0.0/16")).Ssh);
    }

    [Theory]
    [InlineData("key\tname")]
    [InlineData(" leading")]
    [InlineData("clé")]
    public void A_key_pair_name_outside_printable_ascii_is_refused(string name)
    {
        var result = Config.Read(("sshKeyName", name), ("sshCidrs", "198.51.100.0/24"));

        Config.AssertRefused(result, "sshKeyName", $"sshKeyName = \"{name}\": must be the name of an EC2 key pair (1-255 printable ASCII characters)");
    }
}

public class ProdWarningsTests
{
    [Fact]
    public void Prod_defaults_warn_only_about_plain_http()
    {
        var result = Config.ReadStack("prod");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(new SettingProblem("domainName", "prod without domainName or certificateArn serves plain HTTP"), warning);
    }

    [Fact]
    public void Prod_with_a_certificate_and_its_defaults_has_nothing_to_warn_about()
    {
        var result = Config.ReadStack("prod", ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc"));

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Prod_warns_about_every_weakened_safeguard_but_still_accepts_them()
    {
        var result = Config.ReadStack("prod",
            ("minSize", "1"),
            ("natStrategy", "single"),
            ("dbMultiAz", "false"),
            ("dbDeletionProtection", "false"),
            ("dbFinalSnapshot", "false"),
            ("dbBackupRetentionDays", "3"),
            ("flowLogs", "false"));

        Config.AssertValid(result);
        Assert.Equal(
            [
                "minSize: prod with minSize 1: one server failing takes the service down",
                "natStrategy: prod with one NAT gateway: losing its zone cuts every server's way out",
                "dbMultiAz: prod without dbMultiAz: a zone outage takes the database down",
                "dbDeletionProtection: prod without dbDeletionProtection: pulumi destroy deletes the database",
                "dbFinalSnapshot: prod without dbFinalSnapshot: a deleted database leaves no snapshot",
                "dbBackupRetentionDays: prod keeps 3 days of backups; 7 or more is usual",
                "flowLogs: prod without flowLogs: no record of who talked to whom",
                "domainName: prod without domainName or certificateArn serves plain HTTP",
            ],
            result.Warnings.Select(warning => $"{warning.Key}: {warning.Message}"));
    }

    [Fact]
    public void Dev_never_warns_about_being_cheap()
    {
        var result = Config.ReadStack("dev", ("minSize", "1"), ("natStrategy", "none"), ("dbBackupRetentionDays", "0"));

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_dev_stack_with_the_prod_profile_gets_the_prod_warnings()
    {
        var result = Config.ReadStack("dev", ("profile", "prod"), ("minSize", "1"));

        Assert.Contains(result.Warnings, warning => warning.Key == "minSize");
    }
}
