// The top panel of a timeline chart: requests answered per second as stacked step areas, one band per release in the
// order the releases first answered, on a count axis that starts at zero.
namespace WebStack.Local.Reports;

internal static class RequestsPanel
{
    public const double Height = 190;

    public static void Draw(SvgWriter svg, TimelineFigures figures, PlotFrame plot, double top)
    {
        var step = ChartTicks.CountStep(figures.PeakStacked, 4);
        var axisTop = ChartTicks.CountTop(figures.PeakStacked, step);
        var bottom = top + Height;
        double Y(long count) => bottom - ((double)count / axisTop * Height);

        svg.Open("g", ("class", "requests"));
        // Without requests there is no scale to show: only the zero line.
        for (var tick = 0L; tick <= (figures.PeakStacked == 0 ? 0 : axisTop); tick += step)
        {
            PlotFrame.HorizontalGridLine(svg, Y(tick), ChartTicks.CountLabel(tick, axisTop));
        }

        plot.VerticalGridLines(svg, top, bottom);
        var below = figures.Seconds.ToDictionary(second => second.Second, _ => 0L);
        foreach (var layer in figures.Layers.Where(layer => layer.Total > 0))
        {
            var path = StackedPath(figures.Seconds, plot, second => Y(below[second.Second]), second => Y(below[second.Second] + layer.Answered(second)));
            // A hairline of the band's own colour closes the seams renderers leave between touching areas.
            svg.Element("path", ("class", "release"), ("data-release", layer.Name), ("d", path), ("fill", layer.Colour),
                ("stroke", layer.Colour), ("stroke-width", 0.5), ("stroke-linejoin", "round"));
            foreach (var second in figures.Seconds)
            {
                below[second.Second] += layer.Answered(second);
            }
        }

        if (figures.PeakStacked == 0)
        {
            svg.Text("text", "no requests", ("class", "no-requests"), ("x", PlotFrame.Left + (PlotFrame.Width / 2)), ("y", top + (Height / 2)),
                ("text-anchor", "middle"), ("font-size", 15), ("fill", TimelineColours.Muted));
        }

        PlotFrame.AxisLines(svg, top, bottom);
        PlotFrame.AxisTitle(svg, "requests/s", top + (Height / 2));
        svg.Close();
    }

    /// <summary>A step area per run of consecutive seconds (a missing second had no requests): along the top of each
    /// second, then back along the bottom.</summary>
    private static string StackedPath(IReadOnlyList<TimelineSecond> seconds, PlotFrame plot, Func<TimelineSecond, double> bottom, Func<TimelineSecond, double> top)
    {
        var path = new List<string>();
        var start = 0;
        while (start < seconds.Count)
        {
            var end = start;
            while (end + 1 < seconds.Count && seconds[end + 1].Second == seconds[end].Second + 1)
            {
                end++;
            }

            path.Add($"M{SvgWriter.Number(plot.X(seconds[start].Second))},{SvgWriter.Number(top(seconds[start]))}");
            for (var index = start; index <= end; index++)
            {
                if (index == end || top(seconds[index + 1]) != top(seconds[index]))
                {
                    path.Add($"H{SvgWriter.Number(plot.X(seconds[index].Second + 1))}");
                    path.Add($"V{SvgWriter.Number(index == end ? bottom(seconds[index]) : top(seconds[index + 1]))}");
                }
            }

            for (var index = end; index >= start; index--)
            {
                if (index == start || bottom(seconds[index - 1]) != bottom(seconds[index]))
                {
                    path.Add($"H{SvgWriter.Number(plot.X(seconds[index].Second))}");
                    if (index > start)
                    {
                        path.Add($"V{SvgWriter.Number(bottom(seconds[index - 1]))}");
                    }
                }
            }

            path.Add("Z");
            start = end + 1;
        }

        return string.Concat(path);
    }
}
