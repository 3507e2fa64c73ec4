// The strip under the requests panel of a timeline chart: a red bar in every second with failed requests, sized so
// that a single failure is plain to see, its count above it where the counts fit, or "no failed requests".
using System.Globalization;

namespace WebStack.Local.Reports;

internal static class FailedStrip
{
    public const double Height = 40;
    private const double CountsHeight = 14;
    private const double ShortestBar = 4;
    private const double CountFontSize = 10;

    public static void Draw(SvgWriter svg, TimelineFigures figures, PlotFrame plot, double top)
    {
        var bottom = top + Height;
        var failing = figures.Seconds.Where(second => second.Failed > 0).ToList();

        svg.Open("g", ("class", "failed-strip"));
        svg.Element("rect", ("x", PlotFrame.Left), ("y", top), ("width", PlotFrame.Width), ("height", Height), ("fill", TimelineColours.Strip));
        plot.VerticalGridLines(svg, top, bottom);
        svg.Text("text", "failed/s", ("x", PlotFrame.Left - 8), ("y", top + (Height / 2) + 4), ("text-anchor", "end"),
            ("font-size", 11), ("fill", TimelineColours.Failed));
        if (failing.Count == 0)
        {
            svg.Text("text", "no failed requests", ("class", "no-failures"), ("x", PlotFrame.Left + 8), ("y", top + (Height / 2) + 4),
                ("font-size", 12), ("fill", TimelineColours.NoneFailed));
        }

        // However long the run, a bar is at least 2 px wide and ShortestBar tall; the tallest is the busiest second.
        var width = Math.Max(2, plot.SecondWidth - 1);
        var counts = failing.Select(second => (second, Text: ChartTicks.Total(second.Failed), Middle: plot.X(second.Second + 0.5))).ToList();
        var countsFit = counts.Zip(counts.Skip(1)).All(pair =>
            pair.First.Middle + (ChartText.Width(pair.First.Text, CountFontSize) / 2) + 2
            <= pair.Second.Middle - (ChartText.Width(pair.Second.Text, CountFontSize) / 2));
        foreach (var (second, text, middle) in counts)
        {
            var barHeight = ShortestBar + ((Height - CountsHeight - ShortestBar - 2) * second.Failed / figures.PeakFailed);
            svg.Open("rect", ("class", "failed"), ("data-second", second.Second), ("data-failed", second.Failed),
                ("x", middle - (width / 2)), ("y", bottom - barHeight), ("width", width), ("height", barHeight), ("fill", TimelineColours.Failed));
            svg.Text("title", string.Create(CultureInfo.InvariantCulture, $"second {second.Second}: {text} failed"));
            svg.Close();
            if (countsFit)
            {
                svg.Text("text", text, ("class", "failed-count"), ("x", middle), ("y", top + CountsHeight - 3),
                    ("text-anchor", "middle"), ("font-size", CountFontSize), ("fill", TimelineColours.Failed));
            }
        }

        // Counts that would overlap are left out all together (some counts and not others would mislead): the peak stays.
        if (failing.Count > 0 && !countsFit)
        {
            svg.Text("text", $"peak {ChartTicks.Total(figures.PeakFailed)}/s", ("x", PlotFrame.Right - 4), ("y", top + CountsHeight - 3),
                ("text-anchor", "end"), ("font-size", CountFontSize), ("fill", TimelineColours.Failed));
        }

        svg.Element("line", ("x1", PlotFrame.Left), ("y1", bottom), ("x2", PlotFrame.Right), ("y2", bottom), ("stroke", TimelineColours.Axis));
        svg.Close();
    }
}
