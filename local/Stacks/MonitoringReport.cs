// The plan's monitoring section: where the logs go and for how long, every alarm (what it watches, its threshold and
// window, who hears of it), the dashboard, and how the topology rehearses the alarms.
using WebStack.Core;
using WebStack.Core.Monitoring;
using WebStack.Core.Servers;

namespace WebStack.Local.Stacks;

public static class MonitoringReport
{
    public static void Write(Action<string> line, StackPlan plan)
    {
        var settings = plan.Settings;
        var names = plan.Names;
        var alarms = AlarmPlan.For(settings);
        var days = settings.Monitoring.LogRetentionDays;
        line("Monitoring");
        line($"  logs           kept {days} days: {string.Join(", ", ServerLogs.For(plan.ServerLayout).Select(log => $"{log.Path} -> {names.ServerLogGroup(log.Key).Logical}-*"))} "
            + $"(CloudWatch agent, one stream per server); the load balancer's access logs in S3 ({names.AccessLogBucket.Logical}-*/{AlbLogDelivery.Prefix}/)");
        line($"  requests       every request has an id (X-Request-Id, returned to the client) in nginx's and the app's JSON log lines; the load balancer's X-Amzn-Trace-Id is in nginx's");
        line($"  metrics        the servers' memory and disk use (CloudWatch agent, namespace {CloudWatchAgentConfig.MetricsNamespace}, dimension {CloudWatchAgentConfig.StackDimension}={names.Base})");
        line($"  alarms         {alarms.Alarms.Count}, to the SNS topic {names.AlarmTopic.Logical}-* when they fire and when they clear; "
            + (settings.AlarmEmail is { } email ? $"{email} is subscribed (confirm the e-mail AWS sends)" : "no one is subscribed (set webstack:alarmEmail)"));
        var keyWidth = alarms.Alarms.Max(alarm => alarm.Key.Length);
        var conditionWidth = alarms.Alarms.Max(alarm => alarm.Condition.Length);
        var windowWidth = alarms.Alarms.Max(alarm => alarm.Window.Length);
        foreach (var alarm in alarms.Alarms)
        {
            line($"    {alarm.Key.PadRight(keyWidth)}  {alarm.Condition.PadRight(conditionWidth)}  {alarm.Window.PadRight(windowWidth)}  "
                + $"{alarm.Watches}{(alarm.GuardsDeploys ? "; an instance refresh fails and rolls back while it fires" : "")}");
        }

        foreach (var note in alarms.Notes)
        {
            line($"    {note}");
        }

        line($"  dashboard      {names.Dashboard.Logical}-<8 random characters>: every alarm's state and metrics, the servers' memory and disk, the latest 5xx from nginx's log");
        line($"  rehearsed      hosts up evaluates the load balancer's and the group's alarms on what HAProxy reports, one second per minute "
            + $"(a {AlarmPlan.LoadBalancerPeriodSeconds} s period on {RehearsalTime.PeriodOf(alarms[AlarmPlan.UnhealthyHosts]).TotalSeconds:0} s datapoints), with the same counts of datapoints");
    }
}
