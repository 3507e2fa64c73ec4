// The alarms' part of the failover report: when the unhealthy-host alarm fired after the server was lost and marked
// down, when it cleared after the replacement took its place, the group's in-service alarm, and every change of state.
using System.Globalization;
using System.Text;
using WebStack.Core.Monitoring;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal sealed record AlarmReport(
    AlarmDefinition Unhealthy,
    AlarmDefinition InService,
    string Lost,
    string Replacement,
    long LostAt,
    long DownAt,
    AlarmTransition Fired,
    long ReplacementHealthyAt,
    long ReplacedAt,
    AlarmTransition Cleared,
    AlarmTransition? GroupFired,
    AlarmTransition? GroupCleared,
    IReadOnlyList<AlarmTransition> Transitions)
{
    public string Markdown()
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Seconds(long from, long to) => ((to - from) / 1000.0).ToString("F1", CultureInfo.InvariantCulture);
        long At(AlarmTransition transition) => transition.At.ToUnixTimeMilliseconds();
        var period = RehearsalTime.PeriodOf(Unhealthy).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

        Line();
        Line("## The alarms");
        Line();
        Line($"The stack's alarms are evaluated on what the load balancer reports, as CloudWatch evaluates them, a second for every minute: "
            + $"unhealthy-hosts is UnHealthyHostCount {Unhealthy.Condition} for {Unhealthy.DatapointsToAlarm} of {Unhealthy.EvaluationPeriods} datapoints of {period} s here "
            + $"({Unhealthy.Window} on AWS).");
        Line();
        Line($"**The unhealthy-host alarm went to ALARM {Seconds(DownAt, At(Fired))} s after {Lost} was marked down** ({Seconds(LostAt, At(Fired))} s after it was lost): "
            + "it reads the load balancer's view, so the health check's window comes first, then the alarm's own.");
        Line($"The auto-scaling group replaced {Lost} as its maintenance policy does (launch before terminate): {Replacement} was launched and passed its checks, "
            + $"then {Lost} was terminated and left the target group; **the alarm went back to OK {Seconds(ReplacedAt, At(Cleared))} s later**.");
        if (GroupFired is not null)
        {
            Line($"The group's in-service alarm (GroupInServiceInstances {InService.Condition}) went to ALARM {Seconds(DownAt, At(GroupFired))} s after the mark-down"
                + (GroupCleared is null ? "." : $" and back to OK {Seconds(LostAt, At(GroupCleared))} s after the loss, once {Replacement} was in service."));
        }

        Line();
        Line("| time after the loss | alarm | change |");
        Line("|---:|---|---|");
        foreach (var transition in Transitions)
        {
            Line($"| {Seconds(LostAt, At(transition))} s | {transition.Key} | {AlarmEvaluator.Name(transition.From)} -> {AlarmEvaluator.Name(transition.To)} |");
        }

        Line();
        Line($"The reason CloudWatch would give: {Fired.Reason}");
        return text.ToString();
    }
}
