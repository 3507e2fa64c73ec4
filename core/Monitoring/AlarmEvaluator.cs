// CloudWatch's evaluation of a metric alarm, for the rehearsals to run on what their own hosts report: the alarm looks
// at its last EvaluationPeriods datapoints and is in ALARM when at least DatapointsToAlarm of them breach the
// threshold, otherwise OK; a missing datapoint counts as TreatMissingData says; with no datapoint at all yet it is in
// INSUFFICIENT_DATA, as a new alarm is. The reason reads as CloudWatch's ("Threshold Crossed: ...").
using System.Globalization;

namespace WebStack.Core.Monitoring;

public enum AlarmState
{
    InsufficientData,
    Ok,
    Alarm,
}

/// <param name="Value">The alarm's value for the period; null when the period had no datapoint.</param>
public sealed record AlarmDatapoint(DateTimeOffset PeriodStart, double? Value);

public sealed record AlarmEvaluation(AlarmState State, string Reason);

public static class AlarmEvaluator
{
    public static string Name(AlarmState state) => state switch
    {
        AlarmState.InsufficientData => "INSUFFICIENT_DATA",
        AlarmState.Ok => "OK",
        AlarmState.Alarm => "ALARM",
        _ => state.ToString(),
    };

    /// <param name="datapoints">The alarm's datapoints, oldest first; only the last EvaluationPeriods count.</param>
    public static AlarmEvaluation Evaluate(AlarmDefinition alarm, IReadOnlyList<AlarmDatapoint> datapoints)
    {
        var range = datapoints.TakeLast(alarm.EvaluationPeriods).ToList();
        if (range.Count == 0 || (range.All(point => point.Value is null) && range.Count < alarm.EvaluationPeriods))
        {
            return new(AlarmState.InsufficientData, "Insufficient Data: no datapoint yet");
        }

        bool Breaching(AlarmDatapoint point) => point.Value is { } value ? alarm.Breaches(value) : alarm.Missing == MissingData.Breaching;
        var breaching = range.Count(Breaching);
        var shown = string.Join(", ", range.Select(point =>
            $"{(point.Value is { } value ? AlarmDefinition.Format(value) : "missing")} ({point.PeriodStart.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)})"));
        if (breaching >= alarm.DatapointsToAlarm)
        {
            return new(AlarmState.Alarm, $"Threshold Crossed: {breaching} out of the last {range.Count} datapoints [{shown}] were {alarm.Condition} "
                + $"(minimum {alarm.DatapointsToAlarm} datapoint{(alarm.DatapointsToAlarm == 1 ? "" : "s")} for OK -> ALARM transition).");
        }

        var fine = range.Count - breaching;
        return new(AlarmState.Ok, $"Threshold Crossed: {fine} out of the last {range.Count} datapoints [{shown}] {(fine == 1 ? "was" : "were")} not {alarm.Condition} "
            + $"(fewer than {alarm.DatapointsToAlarm} breaching: ALARM needs {alarm.DatapointsToAlarm}).");
    }
}

/// <summary>
/// How the rehearsals map CloudWatch's periods onto their own quick runs: a second there for every minute here, so a
/// 60 s period is evaluated on 1 s datapoints and a 300 s one on 5 s datapoints, with the same counts of datapoints.
/// The load balancer's health checks keep their real timing (the topology uses the stack's settings), so an alarm
/// here fires as many datapoints after the condition as on AWS, in seconds instead of minutes.
/// </summary>
public static class RehearsalTime
{
    public const int SecondsPerMinute = 60;

    public static TimeSpan PeriodOf(AlarmDefinition alarm) => TimeSpan.FromSeconds((double)alarm.PeriodSeconds / SecondsPerMinute);
}
