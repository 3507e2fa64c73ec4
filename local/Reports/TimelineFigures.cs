// What a chart of a timeline needs to know beyond the raw seconds: their order, the bands of requests, how many
// servers were healthy from when to when, the length of the time axis and the run's totals.
namespace WebStack.Local.Reports;

/// <summary>Seconds [<see cref="From"/>, <see cref="To"/>) in which <see cref="Healthy"/> servers were in service.</summary>
internal sealed record HealthyRun(int From, int To, int Healthy);

internal sealed class TimelineFigures
{
    public TimelineFigures(Timeline timeline)
    {
        Seconds = timeline.Seconds.OrderBy(second => second.Second).ToList();
        Layers = RequestLayer.Of(Seconds);
        HealthyRuns = RunsOf(Seconds);
        Desired = timeline.DesiredHealthyServers;
        BelowDesired = MergedBelow(HealthyRuns, Desired);

        var lastSecond = Seconds.Count == 0 ? 0 : Seconds[^1].Second + 1;
        var lastEvent = timeline.Events.Count == 0 ? 0 : Math.Ceiling(timeline.Events.Max(happened => happened.Second));
        End = Math.Max(1, Math.Max(lastSecond, lastEvent));

        Requests = Seconds.Sum(second => (long)second.Requests);
        Failed = Seconds.Sum(second => (long)second.Failed);
        PeakFailed = Seconds.Count == 0 ? 0 : Seconds.Max(second => second.Failed);
        PeakStacked = Seconds.Count == 0 ? 0 : Seconds.Max(Stacked);
    }

    /// <summary>In order of time.</summary>
    public IReadOnlyList<TimelineSecond> Seconds { get; }

    public IReadOnlyList<RequestLayer> Layers { get; }

    /// <summary>A second missing from the data keeps the count of the one before it.</summary>
    public IReadOnlyList<HealthyRun> HealthyRuns { get; }

    public int Desired { get; }

    /// <summary>The stretches with fewer healthy servers than desired, each as [From, To).</summary>
    public IReadOnlyList<(int From, int To)> BelowDesired { get; }

    /// <summary>The end of the time axis: the last second's end or the last event, whichever is later.</summary>
    public double End { get; }

    public long Requests { get; }

    public long Failed { get; }

    public int PeakFailed { get; }

    /// <summary>The tallest stack of answered requests in one second.</summary>
    public long PeakStacked { get; }

    public int SecondsBelowDesired => BelowDesired.Sum(stretch => stretch.To - stretch.From);

    public long Stacked(TimelineSecond second) => Layers.Sum(layer => layer.Answered(second));

    private static List<HealthyRun> RunsOf(IReadOnlyList<TimelineSecond> seconds)
    {
        var runs = new List<HealthyRun>();
        foreach (var second in seconds)
        {
            if (runs.Count > 0 && runs[^1].Healthy == second.HealthyServers)
            {
                runs[^1] = runs[^1] with { To = second.Second + 1 };
                continue;
            }

            if (runs.Count > 0)
            {
                runs[^1] = runs[^1] with { To = second.Second };
            }

            runs.Add(new HealthyRun(second.Second, second.Second + 1, second.HealthyServers));
        }

        return runs;
    }

    private static List<(int From, int To)> MergedBelow(IReadOnlyList<HealthyRun> runs, int desired)
    {
        var stretches = new List<(int From, int To)>();
        foreach (var run in runs.Where(run => run.Healthy < desired))
        {
            if (stretches.Count > 0 && stretches[^1].To == run.From)
            {
                stretches[^1] = (stretches[^1].From, run.To);
            }
            else
            {
                stretches.Add((run.From, run.To));
            }
        }

        return stretches;
    }
}
