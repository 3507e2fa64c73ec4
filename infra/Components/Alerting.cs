// Who hears when the service is hurt: the stack's SNS topic (alarmEmail subscribed to it by e-mail, when set; AWS
// sends a confirmation the address must accept), and the alarms on the load balancer and the database, each telling
// the topic when it fires and when it clears. They exist before the servers, because the auto-scaling group's instance
// refresh watches some of them (AlarmPlan.DeployGuards) and fails, rolling back, while one is in ALARM. The topic is
// not encrypted with the AWS-managed SNS key, whose policy CloudWatch can't publish through; alarms carry no secrets.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Monitoring;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record AlertingArgs(StackPlan Plan, WatchedResources Resources);

public sealed class Alerting : ComponentResource
{
    public const string TypeToken = "webstack:alerting:Alerting";

    public const string EmailProtocol = "email";

    public Alerting(string name, AlertingArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var settings = plan.Settings;
        var alarms = AlarmPlan.For(settings);

        var topicName = names.AlarmTopic;
        Topic = new Aws.Sns.Topic(topicName.Logical, new Aws.Sns.TopicArgs
        {
            DisplayName = $"{names.Base} alarms",
            Tags = Tagging.For(plan, topicName),
        }, new CustomResourceOptions { Parent = this });

        TopicPolicy = new Aws.Sns.TopicPolicy(names.AlarmTopicPolicy.Logical, new Aws.Sns.TopicPolicyArgs
        {
            Arn = Topic.Arn,
            Policy = Topic.Arn.Apply(AlarmTopicPolicy.Document),
        }, new CustomResourceOptions { Parent = this });

        if (settings.AlarmEmail is { } email)
        {
            _ = new Aws.Sns.TopicSubscription(names.AlarmEmailSubscription.Logical, new Aws.Sns.TopicSubscriptionArgs
            {
                Topic = Topic.Arn,
                Protocol = EmailProtocol,
                Endpoint = email,
            }, new CustomResourceOptions { Parent = this });
        }
        else
        {
            Log.Warn($"the alarms of {names.Base} go to an SNS topic nobody is subscribed to: set {settings.Project}:alarmEmail", this);
        }

        Alarms = alarms.BeforeFleet.ToDictionary(alarm => alarm.Key, alarm => MetricAlarms.Create(plan, alarm, args.Resources, Topic.Arn, this), StringComparer.Ordinal);
        DeployGuardNames = Output.All(alarms.DeployGuards.Select(alarm => Alarms[alarm.Key].Name));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["topicArn"] = Topic.Arn,
            ["deployGuards"] = DeployGuardNames,
        });
    }

    public Aws.Sns.Topic Topic { get; }

    /// <summary>Who may publish to the topic: the account, its alarms and its budgets.</summary>
    public Aws.Sns.TopicPolicy TopicPolicy { get; }

    /// <summary>The alarms made here, by their key (AlarmPlan).</summary>
    public IReadOnlyDictionary<string, Aws.CloudWatch.MetricAlarm> Alarms { get; }

    /// <summary>The names of the alarms the instance refresh watches.</summary>
    public Output<ImmutableArray<string>> DeployGuardNames { get; }
}
