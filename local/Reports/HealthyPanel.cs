// The bottom panel of a timeline chart: healthy servers as a step line against the desired count (dashed), with every
// stretch below the desired count hatched.
namespace WebStack.Local.Reports;

internal static class HealthyPanel
{
    public const double Height = 110;

    public static void Draw(SvgWriter svg, TimelineFigures figures, PlotFrame plot, double top)
    {
        var bottom = top + Height;
        var highest = Math.Max(figures.Desired, figures.HealthyRuns.Count == 0 ? 0 : figures.HealthyRuns.Max(run => run.Healthy));
        var step = highest <= 8 ? 1 : ChartTicks.CountStep(highest, 4);
        // One step of headroom keeps the line at the desired count off the panel's top edge.
        var axisTop = ChartTicks.CountTop(highest + 1L, step);
        double Y(long count) => bottom - ((double)count / axisTop * Height);

        svg.Open("g", ("class", "healthy-panel"));
        foreach (var (from, to) in figures.BelowDesired)
        {
            svg.Element("rect", ("class", "below-desired"), ("data-from", from), ("data-to", to),
                ("x", plot.X(from)), ("y", top), ("width", plot.X(to) - plot.X(from)), ("height", Height), ("fill", TimelineColours.BelowDesired));
        }

        for (var tick = 0L; tick <= axisTop; tick += step)
        {
            PlotFrame.HorizontalGridLine(svg, Y(tick), ChartTicks.CountLabel(tick, axisTop));
        }

        plot.VerticalGridLines(svg, top, bottom);
        svg.Element("line", ("class", "desired"), ("data-desired", figures.Desired), ("x1", PlotFrame.Left), ("y1", Y(figures.Desired)),
            ("x2", PlotFrame.Right), ("y2", Y(figures.Desired)), ("stroke", TimelineColours.Desired), ("stroke-width", 1.5), ("stroke-dasharray", "6 4"));
        var runs = figures.HealthyRuns;
        if (runs.Count > 0)
        {
            var points = new List<string> { Point(plot.X(runs[0].From), Y(runs[0].Healthy)) };
            for (var index = 1; index < runs.Count; index++)
            {
                points.Add(Point(plot.X(runs[index].From), Y(runs[index - 1].Healthy)));
                points.Add(Point(plot.X(runs[index].From), Y(runs[index].Healthy)));
            }

            points.Add(Point(plot.X(runs[^1].To), Y(runs[^1].Healthy)));
            svg.Element("polyline", ("class", "healthy"), ("points", string.Join(" ", points)), ("fill", "none"),
                ("stroke", TimelineColours.Healthy), ("stroke-width", 2), ("stroke-linejoin", "round"));
        }

        PlotFrame.AxisLines(svg, top, bottom);
        PlotFrame.AxisTitle(svg, "healthy servers", top + (Height / 2));
        svg.Close();
    }

    private static string Point(double x, double y) => $"{SvgWriter.Number(x)},{SvgWriter.Number(y)}";
}
