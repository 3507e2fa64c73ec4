// The web application firewall in front of the load balancer: the core's web ACL (WebAclPlan) as an AWS WAF web ACL
// on the load balancer, allowing by default, its managed rule groups run as AWS ships them and its rate limit per
// client address blocking; every rule's metrics and samples on, and the ACL's log in a log group of its own
// ("aws-waf-logs-...", as WAF requires) with the credentials headers redacted.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Firewall;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record WebFirewallArgs(StackPlan Plan, WebAclPlan Acl, Output<string> LoadBalancerArn);

public sealed class WebFirewall : ComponentResource
{
    public const string TypeToken = "webstack:waf:WebFirewall";

    /// <summary>WAF's scope for a web ACL on a load balancer (CLOUDFRONT is the other).</summary>
    public const string Scope = "REGIONAL";

    public WebFirewall(string name, WebFirewallArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var acl = args.Acl;

        var aclName = names.WebAcl;
        var aclArgs = new Aws.WafV2.WebAclArgs
        {
            Name = aclName.Logical,
            Description = $"The web application firewall of {names.Base}'s load balancer",
            Scope = Scope,
            DefaultAction = new Aws.WafV2.Inputs.WebAclDefaultActionArgs { Allow = new Aws.WafV2.Inputs.WebAclDefaultActionAllowArgs() },
            VisibilityConfig = new Aws.WafV2.Inputs.WebAclVisibilityConfigArgs
            {
                CloudwatchMetricsEnabled = true,
                MetricName = acl.MetricName,
                SampledRequestsEnabled = true,
            },
            Tags = Tagging.For(plan, aclName),
        };
        foreach (var rule in acl.Rules)
        {
            aclArgs.Rules.Add(Rule(rule));
        }

        Acl = new Aws.WafV2.WebAcl(aclName.Logical, aclArgs, Child());
        _ = new Aws.WafV2.WebAclAssociation(names.WebAclAssociation.Logical, new Aws.WafV2.WebAclAssociationArgs
        {
            ResourceArn = args.LoadBalancerArn,
            WebAclArn = Acl.Arn,
        }, Child());

        var logGroupName = names.WebAclLogGroup;
        LogGroup = new Aws.CloudWatch.LogGroup(logGroupName.Logical, new Aws.CloudWatch.LogGroupArgs
        {
            RetentionInDays = plan.Settings.Monitoring.LogRetentionDays,
            Tags = Tagging.For(plan, logGroupName),
        }, Child());
        var logging = new Aws.WafV2.WebAclLoggingConfigurationArgs
        {
            ResourceArn = Acl.Arn,
            LogDestinationConfigs = { LogGroup.Arn },
        };
        foreach (var header in WebAclPlan.RedactedHeaders)
        {
            logging.RedactedFields.Add(new Aws.WafV2.Inputs.WebAclLoggingConfigurationRedactedFieldArgs
            {
                SingleHeader = new Aws.WafV2.Inputs.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs { Name = header },
            });
        }

        _ = new Aws.WafV2.WebAclLoggingConfiguration(names.WebAclLogging.Logical, logging, Child());
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["webAclArn"] = Acl.Arn,
            ["logGroupName"] = LogGroup.Name,
        });
    }

    public Aws.WafV2.WebAcl Acl { get; }

    public Aws.CloudWatch.LogGroup LogGroup { get; }

    private static Aws.WafV2.Inputs.WebAclRuleArgs Rule(WebAclRule rule)
    {
        var args = new Aws.WafV2.Inputs.WebAclRuleArgs
        {
            Name = rule.Name,
            Priority = rule.Priority,
            VisibilityConfig = new Aws.WafV2.Inputs.WebAclRuleVisibilityConfigArgs
            {
                CloudwatchMetricsEnabled = true,
                MetricName = rule.MetricName,
                SampledRequestsEnabled = true,
            },
        };
        if (rule.ManagedGroup is { } group)
        {
            // A rule group's own rules decide; "none" keeps their actions (count would only watch).
            args.OverrideAction = new Aws.WafV2.Inputs.WebAclRuleOverrideActionArgs { None = new Aws.WafV2.Inputs.WebAclRuleOverrideActionNoneArgs() };
            args.Statement = new Aws.WafV2.Inputs.WebAclRuleStatementArgs
            {
                ManagedRuleGroupStatement = new Aws.WafV2.Inputs.WebAclRuleStatementManagedRuleGroupStatementArgs { VendorName = WebAclPlan.Vendor, Name = group },
            };
        }
        else
        {
            args.Action = new Aws.WafV2.Inputs.WebAclRuleActionArgs { Block = new Aws.WafV2.Inputs.WebAclRuleActionBlockArgs() };
            args.Statement = new Aws.WafV2.Inputs.WebAclRuleStatementArgs
            {
                RateBasedStatement = new Aws.WafV2.Inputs.WebAclRuleStatementRateBasedStatementArgs { Limit = rule.RateLimit!.Value, AggregateKeyType = "IP" },
            };
        }

        return args;
    }

    private CustomResourceOptions Child() => new() { Parent = this };
}
