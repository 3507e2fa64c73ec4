// The timeline of a rehearsal as an SVG chart for the README: requests per second by release, failed requests per
// second, healthy servers against the desired count, and what happened when, on one time axis. A pure function: the
// same timeline gives the same bytes, on any machine and in any culture.
using System.Globalization;

namespace WebStack.Local.Reports;

public static class TimelineSvg
{
    private const double Width = PlotFrame.CanvasWidth;
    private const double Margin = 20;
    private const double PanelGap = 14;
    private const int TitleLength = 90;
    private const int SubtitleLength = 130;
    private const double TitleFontSize = 18;
    private const double SubtitleFontSize = 13;

    /// <summary>The system font of whatever shows the chart: nothing to fetch.</summary>
    private const string Font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

    /// <exception cref="ArgumentException">The timeline has negative counts, a second listed twice or an event at no
    /// real time; the message lists every problem.</exception>
    public static string Render(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var problems = timeline.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The timeline cannot be drawn:" + string.Concat(problems.Select(problem => "\n  - " + problem)), nameof(timeline));
        }

        var figures = new TimelineFigures(timeline);
        var plot = new PlotFrame(figures.End);
        // Bold is about a tenth wider than the regular face the widths are estimated for.
        var title = ChartText.Fit(timeline.Title, TitleLength, TitleFontSize * 1.1, Width - (2 * Margin));
        var subtitle = ChartText.Fit(timeline.Subtitle, SubtitleLength, SubtitleFontSize, Width - (2 * Margin));
        var legend = TimelineLegend.Layout(TimelineLegend.Items(figures), Margin, Width - Margin, subtitle.Length == 0 ? 44 : 64);
        var events = new EventMarks(timeline.Events, plot);

        var requestsTop = legend.Bottom + 14 + events.Height;
        var stripTop = requestsTop + RequestsPanel.Height + PanelGap;
        var healthyTop = stripTop + FailedStrip.Height + PanelGap;
        var plotBottom = healthyTop + HealthyPanel.Height;
        var height = plotBottom + 50;

        var svg = new SvgWriter();
        svg.Open("svg",
            ("xmlns", SvgWriter.Namespace), ("version", "1.1"),
            ("width", Width), ("height", height), ("viewBox", $"0 0 {SvgWriter.Number(Width)} {SvgWriter.Number(height)}"),
            ("role", "img"), ("aria-labelledby", "timeline-title timeline-desc"),
            ("font-family", Font), ("font-size", 12), ("fill", TimelineColours.Ink));
        svg.Text("title", title, ("id", "timeline-title"));
        svg.Text("desc", Description(figures, timeline.Events.Count), ("id", "timeline-desc"));
        svg.Open("defs");
        svg.Open("pattern", ("id", TimelineColours.BelowDesiredPattern), ("width", 6), ("height", 6),
            ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)"));
        svg.Element("rect", ("width", 6), ("height", 6), ("fill", TimelineColours.BelowDesiredGround));
        svg.Element("line", ("x1", 0), ("y1", 0), ("x2", 0), ("y2", 6), ("stroke", TimelineColours.BelowDesiredStripe), ("stroke-width", 2.5));
        svg.Close().Close();
        // Opaque, so the chart reads the same on a dark page as on a light one.
        svg.Element("rect", ("class", "background"), ("width", Width), ("height", height), ("rx", 6),
            ("fill", TimelineColours.Background), ("stroke", TimelineColours.Border));

        svg.Text("text", title, ("class", "title"), ("x", Margin), ("y", 30), ("font-size", TitleFontSize), ("font-weight", "bold"));
        if (subtitle.Length > 0)
        {
            svg.Text("text", subtitle, ("class", "subtitle"), ("x", Margin), ("y", 50), ("font-size", SubtitleFontSize), ("fill", TimelineColours.Muted));
        }

        TimelineLegend.Draw(svg, legend);
        RequestsPanel.Draw(svg, figures, plot, requestsTop);
        FailedStrip.Draw(svg, figures, plot, stripTop);
        HealthyPanel.Draw(svg, figures, plot, healthyTop);
        events.Draw(svg, requestsTop, plotBottom);
        plot.TimeAxis(svg, plotBottom);
        svg.Close();
        return svg.ToString();
    }

    private static string Description(TimelineFigures figures, int events) => string.Create(CultureInfo.InvariantCulture,
        $"Requests per second by release, failed requests per second and healthy servers over {ChartTicks.Seconds(figures.End)} s: "
        + $"{ChartTicks.Total(figures.Requests)} requests, {ChartTicks.Total(figures.Failed)} failed; "
        + $"fewer healthy servers than the desired {figures.Desired} for {figures.SecondsBelowDesired} s; {events} events.");
}
