// What the load balancer saw during a rehearsal, second by second, with what happened when: the data TimelineSvg draws.
using System.Globalization;

namespace WebStack.Local.Reports;

/// <summary>One second of a run as the load balancer saw it.</summary>
/// <param name="Second">Seconds from the start of the run: this entry covers [Second, Second + 1).</param>
/// <param name="Requests">Every request the load balancer answered in that second, the failed ones included.</param>
/// <param name="Failed">How many of those failed (an error status, or no answer at all).</param>
/// <param name="HealthyServers">How many servers were in service (passing their health checks).</param>
/// <param name="AnsweredByRelease">How many requests each release of the app answered; requests no release answered
/// (other than the failed ones) are drawn as "no release".</param>
public sealed record TimelineSecond(int Second, int Requests, int Failed, int HealthyServers, IReadOnlyDictionary<string, int> AnsweredByRelease);

/// <summary>Something that happened, at a time in seconds from the start of the run (fractions allowed).</summary>
public sealed record TimelineEvent(double Second, string Label);

/// <summary>A run to draw. Seconds missing from <paramref name="Seconds"/> had no requests and kept the healthy count
/// of the second before them; the list need not be sorted.</summary>
/// <param name="DesiredHealthyServers">How many servers should be in service: the reference line of the healthy panel.</param>
/// <param name="Subtitle">An optional line under the title (the stack, the load, the date of the run...).</param>
public sealed record Timeline(string Title, IReadOnlyList<TimelineSecond> Seconds, IReadOnlyList<TimelineEvent> Events, int DesiredHealthyServers, string? Subtitle = null)
{
    /// <summary>Every mistake in the data (negative counts, a second listed twice, an event at no real time), all at once.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (DesiredHealthyServers < 0)
        {
            problems.Add($"DesiredHealthyServers is {Number(DesiredHealthyServers)}: it must be 0 or more");
        }

        for (var index = 0; index < Seconds.Count; index++)
        {
            var second = Seconds[index];
            var where = $"Seconds[{Number(index)}] (second {Number(second.Second)})";
            if (second.Second < 0)
            {
                problems.Add($"{where}: the second is before the start of the run; it must be 0 or more");
            }

            AddIfNegative(problems, where, "Requests", second.Requests);
            AddIfNegative(problems, where, "Failed", second.Failed);
            AddIfNegative(problems, where, "HealthyServers", second.HealthyServers);
            foreach (var (release, answered) in second.AnsweredByRelease.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                AddIfNegative(problems, where, $"AnsweredByRelease[\"{release}\"]", answered);
            }
        }

        foreach (var repeated in Seconds.GroupBy(second => second.Second).Where(group => group.Count() > 1).OrderBy(group => group.Key))
        {
            problems.Add($"second {Number(repeated.Key)} is listed {Number(repeated.Count())} times in Seconds: each second may appear once");
        }

        for (var index = 0; index < Events.Count; index++)
        {
            var happened = Events[index];
            if (!double.IsFinite(happened.Second) || happened.Second < 0)
            {
                problems.Add($"Events[{Number(index)}] (\"{happened.Label}\") is at {happened.Second.ToString(CultureInfo.InvariantCulture)} s: "
                    + "it must be a finite number of seconds from the start of the run, 0 or more");
            }
        }

        return problems;
    }

    private static void AddIfNegative(List<string> problems, string where, string field, int value)
    {
        if (value < 0)
        {
            problems.Add($"{where}: {field} is {Number(value)}; it must be 0 or more");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
