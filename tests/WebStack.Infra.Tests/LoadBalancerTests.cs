// The load balancer: internet-facing in the public subnets, checking nginx with the stack's health check; plain HTTP
// forwards, or with a certificate HTTP redirects permanently to HTTPS under a TLS 1.3/1.2 policy. Names fit AWS's
// 32 characters whatever the stack is called.
using WebStack.Core.Firewall;
using WebStack.Core.Network;
using WebStack.Core.Settings;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class LoadBalancerTests
{
    private const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-5b6a-7980-1a2b-3c4d5e6f7a8b";

    [Fact]
    public async Task PlainHttpForwardsToNginxCheckedWithTheStacksHealthCheck()
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["healthCheckPath"] = "/ready" });

        var alb = run.Single(ResourceTypes.LoadBalancer);
        Assert.False(alb.Flag("internal"));
        Assert.Equal("application", alb.Text("loadBalancerType"));
        Assert.True(alb.Flag("dropInvalidHeaderFields"));
        Assert.Equal(run.SubnetIdsIn(SubnetTier.Public), alb.Texts("subnets"));
        Assert.Equal(new[] { run.SecurityGroupId(Tier.LoadBalancer) }, alb.Texts("securityGroups"));

        var targetGroup = run.Single(ResourceTypes.TargetGroup);
        Assert.Equal(Ports.Nginx, targetGroup.Number("port"));
        Assert.Equal("HTTP", targetGroup.Text("protocol"));
        Assert.Equal("instance", targetGroup.Text("targetType"));
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.Vpc).Name!), targetGroup.Text("vpcId"));
        Assert.Equal(ProfileDefaults.Dev.Deployment.DeregistrationDelaySeconds, targetGroup.Number("deregistrationDelay"));
        var health = targetGroup.Map("healthCheck");
        var expected = run.Plan.Settings.HealthCheck;
        Assert.Equal("/ready", health.Text("path"));
        Assert.Equal(expected.IntervalSeconds, health.Number("interval"));
        Assert.Equal(expected.TimeoutSeconds, health.Number("timeout"));
        Assert.Equal(expected.HealthyThreshold, health.Number("healthyThreshold"));
        Assert.Equal(expected.UnhealthyThreshold, health.Number("unhealthyThreshold"));
        Assert.Equal("200", health.Text("matcher"));

        var listener = Assert.Single(run.OfType(ResourceTypes.Listener));
        Assert.Equal(MockCloud.ArnFor(alb.Name!), listener.Text("loadBalancerArn"));
        Assert.Equal(Ports.Http, listener.Number("port"));
        Assert.Equal("HTTP", listener.Text("protocol"));
        var forward = Assert.Single(listener.Maps("defaultActions"));
        Assert.Equal("forward", forward.Text("type"));
        Assert.Equal(MockCloud.ArnFor(targetGroup.Name!), forward.Text("targetGroupArn"));

        Assert.StartsWith("http://", await run.Stack.Url.GetValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithACertificateHttpRedirectsToHttpsUnderAModernTlsPolicy()
    {
        var run = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["certificateArn"] = CertificateArn });
        var listeners = run.OfType(ResourceTypes.Listener);
        Assert.Equal(2, listeners.Count);

        var http = Assert.Single(listeners, listener => listener.Number("port") == Ports.Http);
        var redirect = Assert.Single(http.Maps("defaultActions"));
        Assert.Equal("redirect", redirect.Text("type"));
        Assert.Equal("HTTPS", redirect.Map("redirect").Text("protocol"));
        Assert.Equal("443", redirect.Map("redirect").Text("port"));
        Assert.Equal("HTTP_301", redirect.Map("redirect").Text("statusCode"));

        var https = Assert.Single(listeners, listener => listener.Number("port") == Ports.Https);
        Assert.Equal("HTTPS", https.Text("protocol"));
        Assert.Equal(WebLoadBalancer.TlsPolicy, https.Text("sslPolicy"));
        Assert.Equal(CertificateArn, https.Text("certificateArn"));
        var forward = Assert.Single(https.Maps("defaultActions"));
        Assert.Equal("forward", forward.Text("type"));
        Assert.Equal(MockCloud.ArnFor(run.Single(ResourceTypes.TargetGroup).Name!), forward.Text("targetGroupArn"));

        Assert.StartsWith("https://", await run.Stack.Url.GetValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeavingServerIsDrainedForTheStacksDeregistrationDelay()
    {
        var run = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["deregistrationDelaySeconds"] = "45" });

        Assert.Equal(45, run.Single(ResourceTypes.TargetGroup).Number("deregistrationDelay"));
    }
}
