// HTTPS on the stack's own name: the hosted zone looked up (public only, the name inside it), an ACM certificate with
// DNS validation (the record ACM asks for, in the zone) and a validation that waits for it, the HTTPS listener on the
// issued certificate, HTTP redirected, alias A and AAAA records to a dualstack load balancer with IPv6 in the public
// subnets, and Url https://<name>/. A certificate made elsewhere replaces the requested one; the records stay.
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class DomainTests
{
    private const string Domain = "www.example.com";
    private const string GivenCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-5b6a-7980-1a2b-3c4d5e6f7a8b";

    private static Dictionary<string, string> Named(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["domainName"] = Domain, ["hostedZone"] = "example.com" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task TheCertificateIsRequestedForTheNameAndValidatedThroughTheRecordAcmAsksForInTheZone()
    {
        var run = await StackRunner.RunAsync("dev", Named());

        var lookup = Assert.Single(run.Calls, call => call.Token == ResourceTypes.GetZone);
        Assert.Equal("example.com", lookup.Args["name"]);
        Assert.Equal(false, lookup.Args["privateZone"]);

        var certificate = run.Single(ResourceTypes.Certificate);
        Assert.Equal(Domain, certificate.Text("domainName"));
        Assert.Equal("DNS", certificate.Text("validationMethod"));
        Assert.Equal(SiteCertificate.KeyAlgorithm, certificate.Text("keyAlgorithm"));
        Assert.Equal(run.Plan.Names.Certificate.Tag, certificate.Tags()["Name"]);

        var (recordName, recordValue) = MockCloud.ValidationRecordFor(Domain);
        var validationRecord = run.Named(ResourceTypes.Record, run.Plan.Names.CertificateValidationRecord);
        Assert.Equal("Z0EXAMPLECOM000000001", validationRecord.Text("zoneId"));
        Assert.Equal(recordName.TrimEnd('.'), validationRecord.Text("name"));
        Assert.Equal("CNAME", validationRecord.Text("type"));
        Assert.Equal([recordValue], validationRecord.Texts("records"));
        Assert.Equal(SiteCertificate.ValidationRecordTtl, validationRecord.Number("ttl"));
        Assert.True(validationRecord.Flag("allowOverwrite"));

        var validation = run.Single(ResourceTypes.CertificateValidation);
        Assert.Equal(MockCloud.CertificateArnFor(certificate.Name!), validation.Text("certificateArn"));
        Assert.Equal([recordName.TrimEnd('.')], validation.Texts("validationRecordFqdns"));
    }

    [Fact]
    public async Task TheHttpsListenerUsesTheIssuedCertificateAndHttpRedirectsToIt()
    {
        var run = await StackRunner.RunAsync("dev", Named());

        var listeners = run.OfType(ResourceTypes.Listener);
        var https = Assert.Single(listeners, listener => listener.Number("port") == Ports.Https);
        Assert.Equal("HTTPS", https.Text("protocol"));
        Assert.Equal(WebLoadBalancer.TlsPolicy, https.Text("sslPolicy"));
        Assert.Equal(MockCloud.CertificateArnFor(run.Single(ResourceTypes.Certificate).Name!), https.Text("certificateArn"));
        var http = Assert.Single(listeners, listener => listener.Number("port") == Ports.Http);
        var redirect = Assert.Single(http.Maps("defaultActions"));
        Assert.Equal("redirect", redirect.Text("type"));
        Assert.Equal("HTTPS", redirect.Map("redirect").Text("protocol"));
        Assert.Equal("HTTP_301", redirect.Map("redirect").Text("statusCode"));

        Assert.Equal($"https://{Domain}/", await run.Stack.Url.GetValueAsync());
    }

    [Fact]
    public async Task TheHttpsListenerWaitsForTheCertificateToBeIssued()
    {
        // On AWS the validation ends only once ACM has issued the certificate; the mock's takes a moment too. A
        // listener given the certificate itself rather than the validation's ARN would be created before that.
        var run = await StackRunner.RunAsync("dev", Named(), slowToCreate: new HashSet<string> { ResourceTypes.CertificateValidation });

        var https = Assert.Single(run.OfType(ResourceTypes.Listener), listener => listener.Number("port") == Ports.Https);
        Assert.True(run.CreatedAfter(https, run.Single(ResourceTypes.CertificateValidation)),
            $"the HTTPS listener was created before the certificate's validation ended: {string.Join(", ", run.Created.Where(name => name.Contains("listener", StringComparison.OrdinalIgnoreCase) || name.Contains("certificate", StringComparison.OrdinalIgnoreCase)))}");
    }

    [Fact]
    public async Task AliasARecordsAndAaaaRecordsPointTheNameAtTheDualstackLoadBalancer()
    {
        var run = await StackRunner.RunAsync("dev", Named());

        var alb = run.Single(ResourceTypes.LoadBalancer);
        Assert.Equal("dualstack", alb.Text("ipAddressType"));
        foreach (var type in new[] { "A", "AAAA" })
        {
            var record = run.Named(ResourceTypes.Record, run.Plan.Names.AliasRecord(type));
            Assert.Equal(Domain, record.Text("name"));
            Assert.Equal(type, record.Text("type"));
            Assert.Equal("Z0EXAMPLECOM000000001", record.Text("zoneId"));
            Assert.False(record.Flag("allowOverwrite"));
            Assert.False(record.Has("records"));
            var alias = Assert.Single(record.Maps("aliases"));
            Assert.Equal(MockCloud.DnsNameFor(alb.Name!), alias.Text("name"));
            Assert.Equal(MockCloud.LoadBalancerZoneId, alias.Text("zoneId"));
            Assert.True(alias.Flag("evaluateTargetHealth"));
        }
    }

    [Fact]
    public async Task TheVpcGetsAnAmazonIpv6BlockAndOnlyThePublicSubnetsGetA64EachWithARouteOut()
    {
        var run = await StackRunner.RunAsync("dev", Named());

        Assert.True(run.Single(ResourceTypes.Vpc).Flag("assignGeneratedIpv6CidrBlock"));
        var publicSubnets = run.SubnetsIn(SubnetTier.Public);
        Assert.Equal(
            publicSubnets.Select((_, zone) => Ipv6Subnets.SubnetOf(MockCloud.VpcIpv6Block, zone)),
            publicSubnets.Select(subnet => subnet.Text("ipv6CidrBlock")));
        Assert.All(publicSubnets, subnet => Assert.False(subnet.Flag("assignIpv6AddressOnCreation")));
        Assert.All(run.SubnetsIn(SubnetTier.App).Concat(run.SubnetsIn(SubnetTier.Data)), subnet => Assert.False(subnet.Has("ipv6CidrBlock")));

        var route = run.Named(ResourceTypes.Route, run.Plan.Names.PublicInternetRouteIpv6);
        Assert.Equal("::/0", route.Text("destinationIpv6CidrBlock"));
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.InternetGateway).Name!), route.Text("gatewayId"));
        Assert.Equal(MockCloud.IdOf(run.Plan.Names.PublicRouteTable.Logical), route.Text("routeTableId"));
    }

    [Fact]
    public async Task IPv6ClientsMayReachTheListenersAndNothingElse()
    {
        var run = await StackRunner.RunAsync("dev", Named());

        var ipv6 = run.IngressRules.Where(rule => rule.Has("cidrIpv6")).ToList();
        Assert.Equal([Ports.Http, Ports.Https], ipv6.Select(rule => rule.Number("fromPort")).Order());
        Assert.All(ipv6, rule =>
        {
            Assert.Equal("::/0", rule.Text("cidrIpv6"));
            Assert.Equal(run.SecurityGroupId(Tier.LoadBalancer), rule.Text("securityGroupId"));
            Assert.False(rule.Has("cidrIpv4"));
        });
        Assert.DoesNotContain(run.EgressRules, rule => rule.Has("cidrIpv6"));
    }

    [Fact]
    public async Task AZoneGivenByIdIsLookedUpByIdAndItsRecordsGoThere()
    {
        var run = await StackRunner.RunAsync("dev", Named(("domainName", "api.shop.example.net"), ("hostedZone", "Z0SHOPEXAMPLE00000002")));

        var lookup = Assert.Single(run.Calls, call => call.Token == ResourceTypes.GetZone);
        Assert.Equal("Z0SHOPEXAMPLE00000002", lookup.Args["zoneId"]);
        Assert.All(run.OfType(ResourceTypes.Record), record => Assert.Equal("Z0SHOPEXAMPLE00000002", record.Text("zoneId")));
        Assert.Equal("https://api.shop.example.net/", await run.Stack.Url.GetValueAsync());
    }

    [Fact]
    public async Task ANameOutsideTheZoneItsIdNamesStopsTheRunSayingWhichDomainTheZoneHas()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StackRunner.RunAsync("dev", Named(("domainName", "www.example.org"), ("hostedZone", "Z0EXAMPLECOM000000001"))));

        Assert.Contains("domainName www.example.org is not in the zone Z0EXAMPLECOM000000001 (its domain is example.com)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrivateZoneStopsTheRun()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StackRunner.RunAsync("dev", Named(("domainName", "www.internal.example.com"), ("hostedZone", "Z0PRIVATEZONE00000003"))));

        Assert.Contains("is a private hosted zone", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACertificateMadeElsewhereIsUsedForTheNameAndNoneIsRequested()
    {
        var run = await StackRunner.RunAsync("dev", Named(("certificateArn", GivenCertificate)));

        Assert.Empty(run.OfType(ResourceTypes.Certificate));
        Assert.Empty(run.OfType(ResourceTypes.CertificateValidation));
        var https = Assert.Single(run.OfType(ResourceTypes.Listener), listener => listener.Number("port") == Ports.Https);
        Assert.Equal(GivenCertificate, https.Text("certificateArn"));
        Assert.Equal(["A", "AAAA"], run.OfType(ResourceTypes.Record).Select(record => record.Text("type")).Order());
        Assert.Equal($"https://{Domain}/", await run.Stack.Url.GetValueAsync());
    }

    [Fact]
    public async Task AStackOpenToSomeIpv4RangesOnlyStaysIpv4WithAnARecordAlone()
    {
        var run = await StackRunner.RunAsync("dev", Named(("ingressCidrs", "203.0.113.0/24")));

        Assert.Equal("ipv4", run.Single(ResourceTypes.LoadBalancer).Text("ipAddressType"));
        Assert.Equal(["A"], run.OfType(ResourceTypes.Record).Where(record => record.Has("aliases")).Select(record => record.Text("type")));
        Assert.False(run.Single(ResourceTypes.Vpc).Flag("assignGeneratedIpv6CidrBlock"));
        Assert.DoesNotContain(run.IngressRules, rule => rule.Has("cidrIpv6"));
    }

    [Fact]
    public async Task WithoutADomainNothingOfThisIsBuilt()
    {
        var run = await StackRunner.RunAsync("dev");

        Assert.DoesNotContain(run.Calls, call => call.Token == ResourceTypes.GetZone);
        Assert.Empty(run.OfType(ResourceTypes.Certificate));
        Assert.Empty(run.OfType(ResourceTypes.Record));
        Assert.Equal("ipv4", run.Single(ResourceTypes.LoadBalancer).Text("ipAddressType"));
    }
}
