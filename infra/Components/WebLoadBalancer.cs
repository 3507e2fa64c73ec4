// The load balancer: an internet-facing Application Load Balancer in the public subnets, the only thing clients talk
// to. Its target group checks nginx on every server with the stack's health check; its access logs go to the stack's
// log bucket. Without a certificate it serves HTTP; with one (made elsewhere, or the stack's own for its domain), HTTP
// answers with a permanent redirect to HTTPS, which ends TLS with AWS's recommended TLS 1.3/1.2 policy. A dualstack
// stack's load balancer answers on IPv6 too.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Firewall;
using WebStack.Core.Monitoring;
using WebStack.Core.Network;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="CertificateArn">The HTTPS listener's certificate: certificateArn, or the stack's own once issued; null for HTTP only.</param>
public sealed record WebLoadBalancerArgs(
    StackPlan Plan,
    Output<string> VpcId,
    Output<ImmutableArray<string>> PublicSubnetIds,
    Output<string> SecurityGroupId,
    Output<string>? CertificateArn = null)
{
    /// <summary>The bucket the load balancer writes its access logs to, and the policy that lets it (turning access
    /// logs on fails without it).</summary>
    public required (Output<string> Bucket, Resource Policy) AccessLogs { get; init; }
}

public sealed class WebLoadBalancer : ComponentResource
{
    public const string TypeToken = "webstack:loadbalancer:WebLoadBalancer";

    /// <summary>The HTTPS listener's security policy, as the core decides it (see LoadBalancerTls).</summary>
    public const string TlsPolicy = LoadBalancerTls.Policy;

    public const string DesyncMitigationMode = "defensive";

    public WebLoadBalancer(string name, WebLoadBalancerArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var settings = plan.Settings;
        var health = settings.HealthCheck;

        var albName = names.LoadBalancer;
        Alb = new Aws.LB.LoadBalancer(albName.Logical, new Aws.LB.LoadBalancerArgs
        {
            Internal = false,
            LoadBalancerType = "application",
            IpAddressType = settings.DualStack ? "dualstack" : "ipv4",
            SecurityGroups = { args.SecurityGroupId },
            Subnets = args.PublicSubnetIds,
            DropInvalidHeaderFields = true,
            // HTTP desync (request smuggling): defensive lets through what is safe and closes what isn't (ELB.12).
            DesyncMitigationMode = DesyncMitigationMode,
            EnableDeletionProtection = settings.AlbDeletionProtection,
            IdleTimeout = 60,
            AccessLogs = new Aws.LB.Inputs.LoadBalancerAccessLogsArgs { Bucket = args.AccessLogs.Bucket, Enabled = true, Prefix = AlbLogDelivery.Prefix },
            Tags = Tagging.For(plan, albName),
        }, new CustomResourceOptions { Parent = this, DependsOn = { args.AccessLogs.Policy } });

        var targetGroupName = names.TargetGroup;
        TargetGroup = new Aws.LB.TargetGroup(targetGroupName.Logical, new Aws.LB.TargetGroupArgs
        {
            Port = Ports.Nginx,
            Protocol = "HTTP",
            TargetType = "instance",
            VpcId = args.VpcId,
            // A leaving server keeps its requests in flight this long while no new one reaches it (connection draining).
            DeregistrationDelay = plan.Deployment.DeregistrationDelaySeconds,
            HealthCheck = new Aws.LB.Inputs.TargetGroupHealthCheckArgs
            {
                Enabled = true,
                Protocol = "HTTP",
                Port = "traffic-port",
                Path = health.Path,
                Interval = health.IntervalSeconds,
                Timeout = health.TimeoutSeconds,
                HealthyThreshold = health.HealthyThreshold,
                UnhealthyThreshold = health.UnhealthyThreshold,
                Matcher = "200",
            },
            Tags = Tagging.For(plan, targetGroupName),
        }, Child());

        var httpName = names.HttpListener;
        var httpListener = new Aws.LB.ListenerArgs
        {
            LoadBalancerArn = Alb.Arn,
            Port = Ports.Http,
            Protocol = "HTTP",
            Tags = Tagging.For(plan, httpName),
        };
        httpListener.DefaultActions.Add(settings.HttpsEnabled
            ? new Aws.LB.Inputs.ListenerDefaultActionArgs
            {
                Type = "redirect",
                Redirect = new Aws.LB.Inputs.ListenerDefaultActionRedirectArgs
                {
                    Protocol = "HTTPS",
                    Port = Ports.Https.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    StatusCode = "HTTP_301",
                },
            }
            : Forward());
        _ = new Aws.LB.Listener(httpName.Logical, httpListener, Child());

        if (args.CertificateArn is { } certificateArn)
        {
            var httpsName = names.HttpsListener;
            _ = new Aws.LB.Listener(httpsName.Logical, new Aws.LB.ListenerArgs
            {
                LoadBalancerArn = Alb.Arn,
                Port = Ports.Https,
                Protocol = "HTTPS",
                SslPolicy = TlsPolicy,
                CertificateArn = certificateArn,
                DefaultActions = { Forward() },
                Tags = Tagging.For(plan, httpsName),
            }, Child());
        }

        DnsName = Alb.DnsName;
        ZoneId = Alb.ZoneId;
        Url = Alb.DnsName.Apply(dns => $"{(settings.HttpsEnabled ? "https" : "http")}://{dns}");
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["dnsName"] = DnsName,
            ["zoneId"] = ZoneId,
            ["url"] = Url,
            ["targetGroupArn"] = TargetGroup.Arn,
        });
    }

    public Aws.LB.LoadBalancer Alb { get; }

    public Aws.LB.TargetGroup TargetGroup { get; }

    public Output<string> DnsName { get; }

    /// <summary>The load balancer's canonical hosted zone: where alias records to it point.</summary>
    public Output<string> ZoneId { get; }

    /// <summary>Where the stack answers: http:// or https:// and the load balancer's DNS name (or a CNAME to it).</summary>
    public Output<string> Url { get; }

    private Aws.LB.Inputs.ListenerDefaultActionArgs Forward() => new()
    {
        Type = "forward",
        TargetGroupArn = TargetGroup.Arn,
    };

    private CustomResourceOptions Child() => new() { Parent = this };
}
