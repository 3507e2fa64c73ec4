// One CloudWatch alarm of the stack, decided in the core: what it watches (one metric, or an expression over several),
// its period, how many datapoints of how many must breach, and its threshold. The Pulumi program creates it, `plan`
// prints it, and the topology evaluates the same definition on what its own hosts report (AlarmEvaluator).
using System.Globalization;

namespace WebStack.Core.Monitoring;

/// <summary>CloudWatch's comparison operators (ComparisonOperator takes these names).</summary>
public enum Comparison
{
    GreaterThanThreshold,
    LessThanThreshold,
}

/// <summary>What a period without a datapoint counts as (TreatMissingData).</summary>
public enum MissingData
{
    /// <summary>A period with no datapoint is fine: no requests means no errors.</summary>
    NotBreaching,

    /// <summary>A period with no datapoint counts against the service.</summary>
    Breaching,
}

/// <param name="Id">The metric's id in the alarm's metric queries and in the expression (a lower-case letter first).</param>
public sealed record MetricInput(string Id, MetricRef Metric);

/// <param name="Expression">CloudWatch metric math over the inputs' ids.</param>
/// <param name="Evaluate">The same expression for the rehearsals: the inputs' values of a period (null: no datapoint)
/// to the expression's value (null: none).</param>
public sealed record MetricMath(string Id, string Expression, string Label, Func<IReadOnlyDictionary<string, double?>, double?> Evaluate);

/// <param name="Key">The alarm's part of its name (webstack-dev-alarm-&lt;key&gt;) and its id in the rehearsals.</param>
/// <param name="Title">What it says is wrong, for people: "targets answer with 5xx".</param>
/// <param name="Metrics">The one metric it watches, or the inputs of <paramref name="Math"/>.</param>
/// <param name="ThresholdUnit">The unit the threshold is in, for people: "%", "s", "hosts", "bytes".</param>
/// <param name="GuardsDeploys">An instance refresh fails (and rolls back) while it is in ALARM.</param>
public sealed record AlarmDefinition(
    string Key,
    string Title,
    string Description,
    IReadOnlyList<MetricInput> Metrics,
    MetricMath? Math,
    int PeriodSeconds,
    int EvaluationPeriods,
    int DatapointsToAlarm,
    Comparison Comparison,
    double Threshold,
    string ThresholdUnit,
    MissingData Missing = MissingData.NotBreaching,
    bool GuardsDeploys = false)
{
    /// <summary>The single metric it watches; null for an expression.</summary>
    public MetricRef? Metric => Math is null ? Metrics[0].Metric : null;

    /// <summary>CloudWatch bills an alarm per metric it reads: an expression over two metrics costs two.</summary>
    public int BilledMetrics => Metrics.Count;

    /// <summary>The alarm's datapoint for a period, from its metrics' values of that period.</summary>
    public double? ValueOf(IReadOnlyDictionary<string, double?> values) =>
        Math is { } math ? math.Evaluate(values) : values.TryGetValue(Metrics[0].Id, out var value) ? value : null;

    public bool Breaches(double value) => Comparison == Comparison.GreaterThanThreshold ? value > Threshold : value < Threshold;

    /// <summary>"greater than 5 %", "less than 2 hosts".</summary>
    public string Condition => $"{(Comparison == Comparison.GreaterThanThreshold ? "greater than" : "less than")} {Format(Threshold)}{(ThresholdUnit.Length == 0 ? "" : " " + ThresholdUnit)}"
        + (ThresholdUnit == "bytes" ? $" ({Format(Threshold / (1024d * 1024 * 1024))} GB)" : "");

    /// <summary>"5 of 5 datapoints of 60 s".</summary>
    public string Window => $"{DatapointsToAlarm} of {EvaluationPeriods} datapoint{(EvaluationPeriods == 1 ? "" : "s")} of {PeriodSeconds} s";

    /// <summary>What it watches, as `plan` prints it: "AWS/ApplicationELB UnHealthyHostCount Maximum".</summary>
    public string Watches => Math is { } math
        ? $"{math.Expression} ({string.Join(", ", Metrics.Select(input => $"{input.Id} = {input.Metric}"))})"
        : Metrics[0].Metric.ToString();

    public static string Format(double value) => value >= 1e6
        ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);
}
