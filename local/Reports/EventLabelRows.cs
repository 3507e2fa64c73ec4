// Puts the labels of a chart's event lines in rows above the plot so that no two overlap, however close together the
// events happened, and (while that costs few rows) no line runs through another event's label.
namespace WebStack.Local.Reports;

/// <summary>A label beside its event's line: text from <see cref="Left"/> to <see cref="Right"/>, on row 0 (nearest the
/// plot) or above; <see cref="EndsAtLine"/> when it sits to the left of the line (near the chart's right edge).</summary>
internal sealed record EventLabel(int Event, double LineX, int Row, double Left, double Right, bool EndsAtLine)
{
    /// <summary>The row of a label left out: every row had a label where it would go.</summary>
    public const int LeftOut = -1;

    public bool Shown => Row != LeftOut;
}

internal static class EventLabelRows
{
    /// <summary>Space between a line and its label.</summary>
    private const double Gap = 4;

    /// <summary>Space between two labels on a row.</summary>
    private const double Spacing = 10;

    /// <summary>Rows a run may always use to keep lines clear of labels, even where fewer would do without.</summary>
    private const int ClearRows = 3;

    /// <summary>Rows beyond those the labels need anyway that may be spent keeping lines clear of labels.</summary>
    private const int SpareRows = 1;

    /// <summary>More rows than a chart can hold: a label that finds none of them free is left out (its line stays).</summary>
    public const int MaximumRows = 10;

    /// <param name="events">Each event's line position and its label's width, in pixels.</param>
    /// <param name="right">How far right a label may reach.</param>
    public static IReadOnlyList<EventLabel> Place(IReadOnlyList<(double LineX, double Width)> events, double right)
    {
        // Lines clear of labels can take a row per event when events come thick and fast: beyond the rows the labels
        // need anyway (and a spare one), a line may run behind a label (drawn with a halo, so the text still reads).
        var needed = Arrange(events, right, MaximumRows, keepLinesClear: false).Select(label => label.Row + 1).DefaultIfEmpty(0).Max();
        return Arrange(events, right, Math.Max(needed + SpareRows, ClearRows), keepLinesClear: true);
    }

    /// <summary>Right to left, each label on the lowest row it fits: a label to the right of its line is then never
    /// crossed by the line of an earlier event, which runs down to its left.</summary>
    private static List<EventLabel> Arrange(IReadOnlyList<(double LineX, double Width)> events, double right, int rows, bool keepLinesClear)
    {
        var placed = new List<EventLabel>();
        foreach (var index in Enumerable.Range(0, events.Count).OrderByDescending(index => events[index].LineX).ThenBy(index => index))
        {
            var (x, width) = events[index];
            var endsAtLine = x + Gap + width > right && x - Gap - width >= 0;
            var (left, end) = endsAtLine ? (x - Gap - width, x - Gap) : (x + Gap, x + Gap + width);
            int? free = null;
            int? clear = null;
            for (var candidate = 0; candidate < MaximumRows && clear is null && (free is null || candidate < rows); candidate++)
            {
                if (Free(placed, candidate, left, end))
                {
                    free ??= candidate;
                    clear = !keepLinesClear || (candidate < rows && !Crossed(placed, candidate, x, left, end)) ? candidate : null;
                }
            }

            var row = clear ?? free ?? EventLabel.LeftOut;
            placed.Add(new EventLabel(index, x, row, left, end, endsAtLine));
        }

        return placed.OrderBy(label => label.Event).ToList();
    }

    /// <summary>No label on the row overlaps [left, right].</summary>
    private static bool Free(List<EventLabel> placed, int row, double left, double right) =>
        placed.All(other => other.Row != row || right + Spacing <= other.Left || left >= other.Right + Spacing);

    /// <summary>A line labelled higher up would run through this label, or this event's line through a label below.</summary>
    private static bool Crossed(List<EventLabel> placed, int row, double x, double left, double right) => placed.Any(other => other.Shown && (
        (other.Row > row && other.LineX >= left - Gap && other.LineX <= right + Gap)
        || (other.Row < row && x >= other.Left - Gap && x <= other.Right + Gap)));
}
