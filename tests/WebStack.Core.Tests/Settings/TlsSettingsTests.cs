// The stack's name, its zone, HSTS and the database's certificate authority as the settings read them: a valid DNS
// name inside its zone, both or neither, ACM's limit on a certificate's first name, the zone by domain or by id, and
// certificateArn with a domain meaning "use that certificate for this name".
using WebStack.Core.Database;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public sealed class TlsSettingsTests
{
    private const string Arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d";

    [Fact]
    public void A_domain_in_its_zone_serves_HTTPS_on_its_own_certificate_with_a_dualstack_load_balancer()
    {
        var settings = Config.Valid(("domainName", "WWW.Example.COM."), ("hostedZone", "example.com"));

        Assert.Equal(new StackDomain("www.example.com", HostedZoneRef.ByName("example.com")), settings.Tls.Domain);
        Assert.Equal("https://www.example.com/", settings.Tls.Domain!.Url);
        Assert.True(settings.HttpsEnabled);
        Assert.True(settings.RequestsCertificate);
        Assert.True(settings.DualStack);
        Assert.Null(settings.CertificateArn);
    }

    [Fact]
    public void The_zones_apex_is_a_name_a_stack_can_have()
    {
        var settings = Config.Valid(("domainName", "example.com"), ("hostedZone", "example.com"));

        Assert.Equal("example.com", settings.Tls.Domain!.Name);
    }

    [Fact]
    public void Without_a_domain_there_is_no_name_no_certificate_of_its_own_and_no_IPv6()
    {
        var settings = Config.Valid();

        Assert.Null(settings.Tls.Domain);
        Assert.False(settings.HttpsEnabled);
        Assert.False(settings.RequestsCertificate);
        Assert.False(settings.DualStack);
        Assert.Equal(RdsCaIdentifiers.Rsa2048, settings.Tls.DatabaseCaIdentifier);
    }

    [Fact]
    public void A_certificate_made_elsewhere_is_used_for_the_domain_instead_of_requesting_one()
    {
        var settings = Config.Valid(("domainName", "shop.example.com"), ("hostedZone", "example.com"), ("certificateArn", Arn));

        Assert.True(settings.HttpsEnabled);
        Assert.False(settings.RequestsCertificate);
        Assert.Equal(Arn, settings.CertificateArn);
        Assert.Equal("shop.example.com", settings.Tls.Domain!.Name);
    }

    [Theory]
    [InlineData("Z0123456789ABCDEFGHIJ", "Z0123456789ABCDEFGHIJ")]
    [InlineData("/hostedzone/Z1D633PJN98FT9", "Z1D633PJN98FT9")]
    public void A_zone_may_be_given_by_its_id_whose_domain_only_AWS_knows(string given, string id)
    {
        var result = Config.Read(("domainName", "www.example.com"), ("hostedZone", given));

        var settings = Config.AssertValid(result);
        Assert.Equal(HostedZoneRef.ById(id), settings.Tls.Domain!.Zone);
        Assert.Equal(id, Config.Effective(result, "hostedZone").Display);
    }

    [Fact]
    public void A_domain_without_a_zone_is_refused_naming_the_missing_key()
    {
        Config.AssertRefused(Config.Read(("domainName", "www.example.com")), "hostedZone", "domainName is set but hostedZone is not");
    }

    [Fact]
    public void A_zone_without_a_domain_is_refused_naming_the_missing_key()
    {
        Config.AssertRefused(Config.Read(("hostedZone", "example.com")), "domainName", "hostedZone is set but domainName is not");
    }

    [Theory]
    [InlineData("www.example.org", "example.com")]
    [InlineData("badexample.com", "example.com")]
    [InlineData("example.com", "www.example.com")]
    public void A_domain_outside_its_zone_is_refused(string domain, string zone)
    {
        Config.AssertRefused(Config.Read(("domainName", domain), ("hostedZone", zone)), "domainName", $"is not in the hosted zone {zone}");
    }

    [Theory]
    [InlineData("www..example.com", "empty label")]
    [InlineData(".example.com", "empty label")]
    [InlineData("-www.example.com", "neither start nor end with a hyphen")]
    [InlineData("www_1.example.com", "no underscores")]
    [InlineData("*.example.com", "wildcard")]
    [InlineData("localhost", "single label")]
    [InlineData("10.0.0.1", "numeric label")]
    [InlineData("müller.example.com", "xn--mller-kva.example.com")]
    [InlineData("www.exa mple.com", "letters, digits and hyphens")]
    public void A_name_DNS_would_not_take_is_refused_saying_why(string domain, string why)
    {
        var problem = Config.AssertRefused(Config.Read(("domainName", domain), ("hostedZone", "example.com")), "domainName", why);

        Assert.Contains($"domainName = \"{domain}\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_longer_than_63_or_a_name_longer_than_253_is_refused()
    {
        var longLabel = new string('a', 64) + ".example.com";
        var longName = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".example.com";

        Config.AssertRefused(Config.Read(("domainName", longLabel), ("hostedZone", "example.com")), "domainName", "label of 64 characters");
        Config.AssertRefused(Config.Read(("domainName", longName), ("hostedZone", "example.com")), "domainName", "at most 253");
    }

    [Fact]
    public void A_name_too_long_for_an_ACM_certificate_is_refused_unless_a_certificate_is_given()
    {
        var name = new string('w', 60) + ".example.com";

        Config.AssertRefused(Config.Read(("domainName", name), ("hostedZone", "example.com")), "domainName", "holds 64", "certificateArn");
        Assert.Equal(name, Config.Valid(("domainName", name), ("hostedZone", "example.com"), ("certificateArn", Arn)).Tls.Domain!.Name);
    }

    [Fact]
    public void A_punycode_name_is_taken_as_written()
    {
        var settings = Config.Valid(("domainName", "xn--mller-kva.example.com"), ("hostedZone", "example.com"));

        Assert.Equal("xn--mller-kva.example.com", settings.Tls.Domain!.Name);
    }

    [Fact]
    public void A_zone_that_is_neither_a_domain_nor_an_id_is_refused_saying_what_is_allowed()
    {
        Config.AssertRefused(Config.Read(("domainName", "www.example.com"), ("hostedZone", "example_com")), "hostedZone", "its id, such as Z");
    }

    [Fact]
    public void Every_problem_with_the_name_and_the_rest_is_reported_at_once()
    {
        var result = Config.Read(("domainName", "www..example.com"), ("hostedZone", "bad zone"), ("hstsMaxAgeSeconds", "-1"), ("dbCaCertificate", "rds-ca-2019"));

        Config.AssertRefused(result, "domainName", "empty label");
        Config.AssertRefused(result, "hostedZone", "letters, digits and hyphens");
        Config.AssertRefused(result, "hstsMaxAgeSeconds", "from 0 to 63072000");
        Config.AssertRefused(result, "dbCaCertificate", "rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1");
    }

    [Fact]
    public void HSTS_defaults_to_a_day_in_dev_and_a_year_in_prod_and_0_turns_it_off()
    {
        Assert.Equal(86_400, Config.Valid().Tls.HstsMaxAgeSeconds);
        Assert.Equal(31_536_000, Config.ValidStack("prod").Tls.HstsMaxAgeSeconds);
        Assert.Equal(0, Config.Valid(("hstsMaxAgeSeconds", "0")).Tls.HstsMaxAgeSeconds);
    }

    [Fact]
    public void HSTS_set_on_a_stack_without_HTTPS_is_a_warning_that_it_does_nothing()
    {
        var result = Config.Read(("hstsMaxAgeSeconds", "600"));

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, warning => warning.Key == "hstsMaxAgeSeconds" && warning.Message.Contains("no effect", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rds-ca-rsa4096-g1")]
    [InlineData("rds-ca-ecc384-g1")]
    public void The_database_may_use_any_of_the_regions_G1_authorities(string identifier)
    {
        Assert.Equal(identifier, Config.Valid(("dbCaCertificate", identifier)).Tls.DatabaseCaIdentifier);
    }

    [Fact]
    public void A_region_without_pinned_RDS_roots_is_refused_naming_the_regions_that_have_them()
    {
        Config.AssertRefused(Config.Read(("aws:region", "il-central-1")), "aws:region", "il-central-1 has no Amazon RDS root certificates pinned", "us-east-1");
    }

    [Fact]
    public void A_stack_open_to_some_IPv4_ranges_only_stays_IPv4_even_with_a_name()
    {
        var settings = Config.Valid(("domainName", "www.example.com"), ("hostedZone", "example.com"), ("ingressCidrs", "203.0.113.0/24"));

        Assert.False(settings.DualStack);
    }

    [Fact]
    public void The_IPv6_rules_of_a_dualstack_stack_count_against_the_security_groups_limit()
    {
        var ranges = string.Join(",", new[] { "0.0.0.0/0" }.Concat(Enumerable.Range(1, 29).Select(i => $"203.0.{i}.0/24")));

        Assert.True(Config.Read(("ingressCidrs", ranges), ("certificateArn", Arn)).IsValid, "30 ranges on two listeners: 60 rules");
        Config.AssertRefused(Config.Read(("ingressCidrs", ranges), ("domainName", "www.example.com"), ("hostedZone", "example.com")),
            "ingressCidrs", "(and ::/0 for IPv6 clients)", "list at most 29");
    }

    [Fact]
    public void Prod_without_a_name_or_a_certificate_is_warned_about_plain_HTTP()
    {
        var result = Config.ReadStack("prod");

        Assert.Contains(result.Warnings, warning => warning.Key == "domainName" && warning.Message.Contains("plain HTTP", StringComparison.Ordinal));
    }
}
