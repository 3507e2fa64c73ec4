// The bands of the requests panel, bottom to top: one per release of the app in the order the releases first
// answered, then (only if some requests had no release) the answered requests no release is named for.
namespace WebStack.Local.Reports;

/// <param name="Release">The release; null for the band of answers no release is named for.</param>
/// <param name="Total">Requests it answered over the whole run.</param>
internal sealed record RequestLayer(string? Release, string Colour, long Total)
{
    public string Name => Release ?? "no release";

    public long Answered(TimelineSecond second) => Release is null
        ? Unattributed(second)
        : second.AnsweredByRelease.GetValueOrDefault(Release);

    /// <summary>The layers of a run whose seconds are in order.</summary>
    public static IReadOnlyList<RequestLayer> Of(IReadOnlyList<TimelineSecond> seconds)
    {
        // First appearance is the first second a release answered anything; releases that answered nothing come last.
        var releases = seconds
            .SelectMany(second => second.AnsweredByRelease.Select(pair => (second.Second, Release: pair.Key, Answered: (long)pair.Value)))
            .GroupBy(entry => entry.Release, StringComparer.Ordinal)
            .Select(group => (
                Release: group.Key,
                First: group.Where(entry => entry.Answered > 0).Select(entry => entry.Second).DefaultIfEmpty(int.MaxValue).Min(),
                Mentioned: group.Min(entry => entry.Second),
                Total: group.Sum(entry => entry.Answered)))
            .OrderBy(release => release.First)
            .ThenBy(release => release.Mentioned)
            .ThenBy(release => release.Release, StringComparer.Ordinal)
            .Select((release, index) => new RequestLayer(release.Release, TimelineColours.Release(index), release.Total))
            .ToList();

        var unattributed = seconds.Sum(Unattributed);
        if (unattributed > 0)
        {
            releases.Add(new RequestLayer(null, TimelineColours.NoRelease, unattributed));
        }

        return releases;
    }

    private static long Unattributed(TimelineSecond second) =>
        Math.Max(0, (long)second.Requests - second.Failed - second.AnsweredByRelease.Values.Sum(answered => (long)answered));
}
