// The frame the panels of a timeline chart share: seconds from the start of the run to pixels across the canvas, the
// time ticks, and the grid, axes and axis titles every panel draws the same way.
namespace WebStack.Local.Reports;

internal sealed class PlotFrame(double end)
{
    public const double CanvasWidth = 960;

    /// <summary>Room on the left for the rotated axis titles and the tick labels ("60k").</summary>
    public const double Left = 84;
    public const double Right = CanvasWidth - 28;
    public const double Width = Right - Left;

    /// <summary>Far enough apart for tick labels such as "540" to read.</summary>
    private const double MinimumTickGap = 56;

    /// <summary>The end of the time axis, in seconds from the start.</summary>
    public double End => end;

    public double SecondWidth => Width / end;

    public IEnumerable<double> Ticks => ChartTicks.At(ChartTicks.TimeStep(end, Width, MinimumTickGap), end);

    public double X(double second) => Left + (second / end * Width);

    public static void HorizontalGridLine(SvgWriter svg, double y, string label)
    {
        svg.Element("line", ("x1", Left), ("y1", y), ("x2", Right), ("y2", y), ("stroke", TimelineColours.Grid));
        svg.Text("text", label, ("x", Left - 6), ("y", y + 4), ("text-anchor", "end"), ("font-size", 11), ("fill", TimelineColours.Muted));
    }

    public void VerticalGridLines(SvgWriter svg, double top, double bottom)
    {
        foreach (var tick in Ticks.Skip(1))
        {
            svg.Element("line", ("x1", X(tick)), ("y1", top), ("x2", X(tick)), ("y2", bottom), ("stroke", TimelineColours.Grid));
        }
    }

    public static void AxisLines(SvgWriter svg, double top, double bottom)
    {
        svg.Element("line", ("x1", Left), ("y1", top), ("x2", Left), ("y2", bottom), ("stroke", TimelineColours.Axis));
        svg.Element("line", ("x1", Left), ("y1", bottom), ("x2", Right), ("y2", bottom), ("stroke", TimelineColours.Axis));
    }

    public static void AxisTitle(SvgWriter svg, string title, double middle) =>
        svg.Text("text", title, ("x", 24), ("y", middle), ("transform", $"rotate(-90 24 {SvgWriter.Number(middle)})"),
            ("text-anchor", "middle"), ("font-size", 12));

    public void TimeAxis(SvgWriter svg, double bottom)
    {
        svg.Open("g", ("class", "time-axis"), ("font-size", 11), ("fill", TimelineColours.Muted));
        foreach (var tick in Ticks)
        {
            svg.Element("line", ("x1", X(tick)), ("y1", bottom), ("x2", X(tick)), ("y2", bottom + 4), ("stroke", TimelineColours.Axis));
            svg.Text("text", ChartTicks.Seconds(tick), ("x", X(tick)), ("y", bottom + 17), ("text-anchor", "middle"));
        }

        svg.Text("text", "seconds", ("x", Left + (Width / 2)), ("y", bottom + 36), ("text-anchor", "middle"),
            ("font-size", 12), ("fill", TimelineColours.Ink));
        svg.Close();
    }
}
