// What needs the auto-scaling group to exist: the alarm on its servers in service, and the stack's dashboard (every
// alarm's state and metrics, the servers' memory and disk, the latest 5xx from nginx), rendered by the core from the
// resources' real ids. A dashboard isn't autonamed and its name is global to the account, so it ends with 8 random
// characters made once for the stack: two stacks (or projects) of the same name never overwrite each other's.
using Pulumi;
using WebStack.Core;
using WebStack.Core.Monitoring;
using WebStack.Core.Naming;
using Aws = Pulumi.Aws;
using PulumiRandom = Pulumi.Random;

namespace WebStack.Infra.Components;

/// <param name="EarlierAlarms">The alarms made before the group (Alerting's), by key, for the dashboard.</param>
public sealed record MonitoringArgs(
    StackPlan Plan,
    WatchedResources Resources,
    Output<string> TopicArn,
    IReadOnlyDictionary<string, Aws.CloudWatch.MetricAlarm> EarlierAlarms,
    Output<string> AccessLogGroupName);

public sealed class Monitoring : ComponentResource
{
    public const string TypeToken = "webstack:monitoring:Monitoring";

    public Monitoring(string name, MonitoringArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var alarms = AlarmPlan.For(plan.Settings);

        var all = new Dictionary<string, Aws.CloudWatch.MetricAlarm>(args.EarlierAlarms, StringComparer.Ordinal);
        foreach (var alarm in alarms.AfterFleet)
        {
            all[alarm.Key] = MetricAlarms.Create(plan, alarm, args.Resources, args.TopicArn, this);
        }

        var suffix = new PulumiRandom.RandomString(names.DashboardSuffix.Logical, new PulumiRandom.RandomStringArgs
        {
            Length = NameRules.Dashboard.ProgramSuffixLength - 1,
            Special = false,
            Upper = false,
        }, new CustomResourceOptions { Parent = this });

        var arns = Output.All(alarms.Alarms.Select(alarm => all[alarm.Key].Arn));
        var body = Output.Tuple(arns, args.Resources.All, args.AccessLogGroupName).Apply(values => DashboardBody.Render(new DashboardInputs(
            plan.Settings.Region,
            names.Base,
            alarms.Alarms.Select((alarm, index) => new DashboardAlarm(alarm, values.Item1[index])).ToList(),
            values.Item2,
            names.Base,
            values.Item3)));
        Dashboard = new Aws.CloudWatch.Dashboard(names.Dashboard.Logical, new Aws.CloudWatch.DashboardArgs
        {
            DashboardName = suffix.Result.Apply(value => $"{names.Dashboard.Logical}-{value}"),
            DashboardBody = body,
        }, new CustomResourceOptions { Parent = this });

        Alarms = all;
        DashboardName = Dashboard.DashboardName;
        RegisterOutputs(new Dictionary<string, object?> { ["dashboardName"] = DashboardName });
    }

    /// <summary>Every alarm of the stack, by its key.</summary>
    public IReadOnlyDictionary<string, Aws.CloudWatch.MetricAlarm> Alarms { get; }

    public Aws.CloudWatch.Dashboard Dashboard { get; }

    public Output<string> DashboardName { get; }
}
