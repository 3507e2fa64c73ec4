// CloudWatch's evaluation as the rehearsals run it: M of the last N datapoints breaching is ALARM, fewer is OK, a
// missing datapoint counts as TreatMissingData says, and with nothing to go on the alarm has insufficient data.
using WebStack.Core.Monitoring;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Monitoring;

public sealed class AlarmEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static readonly AlarmDefinition Unhealthy = AlarmPlan.For(Config.ValidStack("prod"))[AlarmPlan.UnhealthyHosts];

    private static List<AlarmDatapoint> Points(params double?[] values) =>
        values.Select((value, i) => new AlarmDatapoint(Start.AddSeconds(i), value)).ToList();

    [Fact]
    public void Three_breaching_datapoints_of_three_are_alarm_and_the_reason_shows_them()
    {
        var evaluation = AlarmEvaluator.Evaluate(Unhealthy, Points(0, 1, 1, 1));

        Assert.Equal(AlarmState.Alarm, evaluation.State);
        Assert.Equal("Threshold Crossed: 3 out of the last 3 datapoints [1 (10:00:01), 1 (10:00:02), 1 (10:00:03)] were greater than 0 hosts "
            + "(minimum 3 datapoints for OK -> ALARM transition).", evaluation.Reason);
    }

    [Fact]
    public void Two_of_three_is_not_enough_and_one_good_datapoint_clears_it()
    {
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(Unhealthy, Points(1, 1, 0)).State);
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(Unhealthy, Points(1, 1, 1, 0)).State);
        Assert.Contains("1 out of the last 3 datapoints", AlarmEvaluator.Evaluate(Unhealthy, Points(1, 1, 1, 0)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_datapoints_are_not_breaching_and_a_new_alarm_has_insufficient_data()
    {
        Assert.Equal(AlarmState.InsufficientData, AlarmEvaluator.Evaluate(Unhealthy, []).State);
        Assert.Equal(AlarmState.InsufficientData, AlarmEvaluator.Evaluate(Unhealthy, Points([null])).State);
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(Unhealthy, Points(null, null, null)).State);
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(Unhealthy, Points(1, null, 1)).State);
        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(Unhealthy with { Missing = MissingData.Breaching }, Points(1, null, 1)).State);
    }

    [Fact]
    public void A_less_than_alarm_breaches_below_its_threshold()
    {
        var inService = AlarmPlan.For(Config.ValidStack("prod"))[AlarmPlan.InService];

        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(inService, Points(2, 2, 2)).State);
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(inService, Points(2, 2, 3)).State);
    }

    [Fact]
    public void The_rehearsals_take_a_second_for_every_minute_of_a_period()
    {
        var plan = AlarmPlan.For(Config.ValidStack("dev"));

        Assert.Equal(TimeSpan.FromSeconds(1), RehearsalTime.PeriodOf(plan[AlarmPlan.UnhealthyHosts]));
        Assert.Equal(TimeSpan.FromSeconds(5), RehearsalTime.PeriodOf(plan[AlarmPlan.DatabaseCpu]));
    }
}
