// The events of a timeline chart: a dashed line across every panel at the time each happened, its label in the rows
// above the plot (EventLabelRows keeps close events apart), cut with an ellipsis when long.
using System.Globalization;

namespace WebStack.Local.Reports;

internal sealed class EventMarks
{
    private const double RowHeight = 15;
    private const double FontSize = 11;
    private const int LabelLength = 32;

    private readonly IReadOnlyList<TimelineEvent> _events;
    private readonly IReadOnlyList<string> _texts;
    private readonly IReadOnlyList<EventLabel> _labels;

    public EventMarks(IReadOnlyList<TimelineEvent> events, PlotFrame plot)
    {
        _events = events;
        _texts = events.Select(happened => ChartText.Shorten(happened.Label, LabelLength)).ToList();
        _labels = EventLabelRows.Place(
            events.Select((happened, index) => (plot.X(happened.Second), ChartText.Width(_texts[index], FontSize))).ToList(),
            PlotFrame.CanvasWidth - 8);
    }

    /// <summary>The height the label rows take above the plot.</summary>
    public double Height => (_labels.Where(label => label.Shown).Select(label => label.Row + 1).DefaultIfEmpty(0).Max()) * RowHeight;

    public void Draw(SvgWriter svg, double plotTop, double plotBottom)
    {
        if (_events.Count == 0)
        {
            return;
        }

        svg.Open("g", ("class", "events"));
        foreach (var label in _labels)
        {
            var second = ChartTicks.Seconds(_events[label.Event].Second);
            svg.Open("g", ("class", "event"), ("data-second", second));
            svg.Text("title", $"{second} s: {_texts[label.Event]}");
            var top = label.Shown ? Baseline(label, plotTop) - 9 : plotTop;
            svg.Element("line", ("x1", label.LineX), ("y1", top), ("x2", label.LineX), ("y2", plotBottom),
                ("stroke", TimelineColours.Event), ("stroke-dasharray", "3 3"));
            svg.Close();
        }

        // Labels after every line, each over a white copy of itself drawn thick, so a line never runs through text.
        foreach (var label in _labels.Where(label => label.Shown))
        {
            var baseline = Baseline(label, plotTop);
            var x = label.EndsAtLine ? label.Right : label.Left;
            var anchor = label.EndsAtLine ? "end" : "start";
            svg.Text("text", _texts[label.Event], ("class", "event-label-halo"), ("aria-hidden", "true"), ("x", x), ("y", baseline),
                ("text-anchor", anchor), ("font-size", FontSize), ("fill", TimelineColours.Background),
                ("stroke", TimelineColours.Background), ("stroke-width", 4), ("stroke-linejoin", "round"));
            svg.Text("text", _texts[label.Event], ("class", "event-label"), ("data-second", ChartTicks.Seconds(_events[label.Event].Second)),
                ("x", x), ("y", baseline), ("text-anchor", anchor), ("font-size", FontSize));
        }

        var leftOut = _labels.Count(label => !label.Shown);
        if (leftOut > 0)
        {
            svg.Text("text", string.Create(CultureInfo.InvariantCulture, $"{leftOut} of {_labels.Count} event labels left out: too close together"),
                ("class", "labels-left-out"), ("x", PlotFrame.Right), ("y", plotBottom + 36), ("text-anchor", "end"),
                ("font-size", 11), ("fill", TimelineColours.Muted));
        }

        svg.Close();
    }

    private static double Baseline(EventLabel label, double plotTop) => plotTop - 8 - (label.Row * RowHeight);
}
