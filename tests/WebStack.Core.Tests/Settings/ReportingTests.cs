// How problems reach the user: unknown keys with a suggestion, every mistake of a run at once, other tools' keys
// left alone, and secrets never repeated back.
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public class ReportingTests
{
    [Theory]
    [InlineData("minsize", "minSize")]
    [InlineData("minSise", "minSize")]
    [InlineData("azcount", "azCount")]
    [InlineData("natStrategey", "natStrategy")]
    [InlineData("helthCheckPath", "healthCheckPath")]
    [InlineData("instanceTpye", "instanceType")]
    [InlineData("dbMultiAZ", "dbMultiAz")]
    [InlineData("tag", "tags")]
    [InlineData("site", "sites")]
    [InlineData("aws:region", "aws:region")]
    public void An_unknown_key_of_the_project_is_refused_with_the_closest_setting(string typed, string suggestion)
    {
        var result = Config.Read(($"webstack:{typed}", "x"));

        var error = Config.AssertRefused(result, typed, $"webstack:{typed} is not a setting of this stack (did you mean {suggestion}?)");
        Assert.EndsWith("the settings are listed in the README under Configuration", error.Message);
    }

    [Theory]
    [InlineData("databasePassword")]
    [InlineData("colour")]
    [InlineData("x")]
    public void An_unknown_key_like_no_setting_is_refused_without_a_guess(string typed)
    {
        var result = Config.Read(($"webstack:{typed}", "x"));

        var error = Config.AssertRefused(result, typed, $"webstack:{typed} is not a setting of this stack");
        Assert.DoesNotContain("did you mean", error.Message);
    }

    [Fact]
    public void Keys_of_other_namespaces_are_left_to_their_owners()
    {
        var settings = Config.Valid(
            ("aws:profile", "my-sso-profile"),
            ("aws:skipMetadataApiCheck", "false"),
            ("other:minSize", "banana"),
            ("webstack2:azCount", "99"),
            ("webstackx:anything", "1"));

        Assert.Equal(1, settings.Fleet.MinSize);
        Assert.Equal(2, settings.Network.AzCount);
    }

    [Fact]
    public void Every_mistake_of_a_run_is_reported_at_once()
    {
        var result = Config.Read(
            ("minSize", "3"),
            ("maxSize", "2"),
            ("azCount", "9"),
            ("natStrategy", "perAZ"),
            ("vpcCidr", "10.0/16"),
            ("flowLogs", "yes"),
            ("webstack:instanceTpye", "t3.small"),
            ("sites", "[{\"name\": \"Blog\", \"serverName\": \"blog.example.com\"}]"));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Message == "minSize (3) is greater than maxSize (2)");
        Config.AssertRefused(result, "azCount", "azCount = \"9\"");
        Config.AssertRefused(result, "natStrategy", "natStrategy = \"perAZ\"");
        Config.AssertRefused(result, "vpcCidr", "vpcCidr = \"10.0/16\"");
        Config.AssertRefused(result, "flowLogs", "flowLogs = \"yes\"");
        Config.AssertRefused(result, "instanceTpye", "did you mean instanceType?");
        Config.AssertRefused(result, "sites", "sites[0].name = \"Blog\"");
        Assert.True(result.Errors.Count == 7, "expected exactly the seven mistakes, got:\n" + Config.Describe(result.Errors));
    }

    [Fact]
    public void Requiring_valid_settings_fails_with_every_problem_listed()
    {
        var result = Config.Read(("minSize", "3"), ("maxSize", "2"), ("azCount", "9"));

        var exception = Assert.Throws<InvalidStackSettingsException>(result.RequireValid);
        Assert.Equal(2, exception.Problems.Count);
        Assert.StartsWith("the stack's configuration has 2 problems:", exception.Message);
        Assert.Contains($"{Environment.NewLine}  - minSize (3) is greater than maxSize (2)", exception.Message);
        Assert.Contains($"{Environment.NewLine}  - azCount = \"9\": must be a whole number from 2 to 6", exception.Message);
    }

    [Fact]
    public void Requiring_valid_settings_says_problem_for_a_single_one()
    {
        var exception = Assert.Throws<InvalidStackSettingsException>(Config.Read(("azCount", "9")).RequireValid);

        Assert.StartsWith("the stack's configuration has 1 problem:", exception.Message);
    }

    [Fact]
    public void Requiring_valid_settings_gives_them_when_there_is_no_problem()
    {
        var result = Config.Read(("azCount", "4"));

        Assert.Equal(4, result.RequireValid().Network.AzCount);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Effective_values_are_still_shown_when_the_settings_have_errors()
    {
        var result = Config.Read(("minSize", "3"), ("maxSize", "2"));

        Assert.False(result.IsValid);
        Assert.Equal(new EffectiveSetting("minSize", "3", SettingSource.StackFile), Config.Effective(result, "minSize"));
        Assert.Equal(new EffectiveSetting("azCount", "2", SettingSource.Default), Config.Effective(result, "azCount"));
    }

    private const string SecretText = "hunter2-s3cr3t";

    public static TheoryData<string, string> SecretBadValues => new()
    {
        { "minSize", SecretText },
        { "flowLogs", SecretText },
        { "natStrategy", SecretText },
        { "instanceType", SecretText },
        { "dbInstanceClass", SecretText },
        { "healthCheckPath", SecretText },
        { "certificateArn", SecretText },
        { "sshKeyName", SecretText + "\u00e9" },
        { "ingressCidrs", SecretText },
        { "tags", SecretText },
        { "sites", SecretText },
    };

    [Theory]
    [MemberData(nameof(SecretBadValues))]
    public void A_bad_secret_is_refused_without_repeating_it(string key, string value)
    {
        // sshKeyName alone would draw the both-or-neither error, so it comes with its ranges.
        var result = key == "sshKeyName"
            ? Config.ReadValues("dev", (key, ConfigValue.Secret(value)), ("sshCidrs", ConfigValue.Plain("203.0.113.0/24")))
            : Config.ReadValues("dev", (key, ConfigValue.Secret(value)));

        var error = Config.AssertRefused(result, key, $"{key} (a secret)");
        Assert.DoesNotContain(SecretText, error.Message);
        Assert.DoesNotContain(result.Errors, problem => problem.Message.Contains(SecretText, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_ingress_entry_that_is_no_cidr_is_refused_without_repeating_it()
    {
        var result = Config.ReadValues("dev", ("ingressCidrs", ConfigValue.Secret("203.0.113.0/24,office-vpn")));

        var error = Config.AssertRefused(result, "ingressCidrs", "ingressCidrs (a secret): an entry is not an IPv4 CIDR");
        Assert.DoesNotContain("office-vpn", error.Message);
    }

    [Fact]
    public void A_secret_ingress_range_listed_twice_is_refused_without_repeating_it()
    {
        var result = Config.ReadValues("dev", ("ingressCidrs", ConfigValue.Secret("203.0.113.0/24,203.0.113.0/24")));

        var error = Config.AssertRefused(result, "ingressCidrs", "ingressCidrs (a secret)", "listed twice");
        Assert.DoesNotContain("203.0.113", error.Message);
    }

    [Fact]
    public void A_secret_ssh_range_that_is_too_wide_is_refused_without_repeating_it()
    {
        var result = Config.ReadValues("dev",
            ("sshKeyName", ConfigValue.Plain("ops")), ("sshCidrs", ConfigValue.Secret("198.51.100.0/24,10.0.0.0/8")));

        var error = Config.AssertRefused(result, "sshCidrs", "sshCidrs (a secret)", "wider than a /16");
        Assert.DoesNotContain("198.51.100", error.Message);
        Assert.DoesNotContain("10.0.0.0", error.Message);
    }

    [Theory]
    [InlineData("tags", "{\"Owner\":\"bad\u0001value-of-alice\"}", "value-of-alice")]
    [InlineData("tags", "{\"aws:private-team\":\"x\"}", "private-team")]
    [InlineData("sites", "[{\"name\":\"Secret-Site\",\"serverName\":\"hidden.example.com\"}]", "Secret-Site")]
    [InlineData("sites", "[{\"name\":\"blog\",\"serverName\":\"hidden..example.com\"}]", "hidden..example.com")]
    public void A_piece_of_a_structured_secret_is_never_quoted_in_an_error(string key, string value, string piece)
    {
        var result = Config.ReadValues("dev", (key, ConfigValue.Secret(value)));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, problem => problem.Key == key);
        Assert.DoesNotContain(result.Errors, problem => problem.Message.Contains(piece, StringComparison.Ordinal));
    }

    [Fact]
    public void A_good_secret_is_used_but_shown_only_as_secret()
    {
        var result = Config.ReadValues("dev",
            ("sshKeyName", ConfigValue.Secret("ops-key")),
            ("sshCidrs", ConfigValue.Secret("198.51.100.0/24")),
            ("certificateArn", ConfigValue.Secret("arn:aws:acm:us-east-1:123456789012:certificate/abc")),
            ("ingressCidrs", ConfigValue.Secret("203.0.113.0/24")));

        var settings = Config.AssertValid(result);
        Assert.Equal("ops-key", settings.Ssh!.KeyName);
        Assert.Equal("arn:aws:acm:us-east-1:123456789012:certificate/abc", settings.CertificateArn);
        Assert.Equal(["203.0.113.0/24"], settings.IngressCidrs.Select(cidr => cidr.ToString()));
        foreach (var key in new[] { "sshKeyName", "sshCidrs", "certificateArn", "ingressCidrs" })
        {
            Assert.Equal(new EffectiveSetting(key, "[secret]", SettingSource.StackFile), Config.Effective(result, key));
        }

        Assert.DoesNotContain(result.Effective, setting =>
            setting.Display.Contains("ops-key", StringComparison.Ordinal) || setting.Display.Contains("123456789012", StringComparison.Ordinal)
            || setting.Display.Contains("198.51.100", StringComparison.Ordinal) || setting.Display.Contains("203.0.113", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_that_only_passes_through_to_aws_is_accepted_unread()
    {
        var result = Config.ReadValues("dev",
            ("certificateArn", ConfigValue.UnreadableSecret),
            ("sshKeyName", ConfigValue.UnreadableSecret),
            ("sshCidrs", ConfigValue.Plain("198.51.100.0/24")));

        var settings = Config.AssertValid(result);
        Assert.True(settings.HttpsEnabled);
        Assert.NotNull(settings.Ssh);
        Assert.Equal(new EffectiveSetting("certificateArn", "[secret]", SettingSource.StackFile), Config.Effective(result, "certificateArn"));
        Assert.Equal(new EffectiveSetting("sshKeyName", "[secret]", SettingSource.StackFile), Config.Effective(result, "sshKeyName"));
    }

    [Fact]
    public void A_secret_shown_in_the_failure_exception_is_never_its_value()
    {
        var result = Config.ReadValues("dev", ("instanceType", ConfigValue.Secret("t4g.small")), ("minSize", ConfigValue.Plain("0")));

        var exception = Assert.Throws<InvalidStackSettingsException>(result.RequireValid);
        Assert.DoesNotContain("t4g", exception.Message);
        Assert.Contains("instanceType (a secret): is an arm64 (Graviton) type", exception.Message);
    }
}
