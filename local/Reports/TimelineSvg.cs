// The timeline of a rehearsal as an SVG chart for the README: requests per second by release, failed requests per
// second, healthy servers against the desired count, and what happened when, on one time axis. A pure function: the
// same timeline gives the same bytes, on any machine and in any culture.
using System.Globalization;

namespace WebStack.Local.Reports;

public static class TimelineSvg
{
    private const double Width = 960;
    private const double Margin = 20;
    private const double PlotLeft = 84;
    private const double PlotRight = Width - 28;
    private const double PlotWidth = PlotRight - PlotLeft;
    private const double RequestsHeight = 190;
    private const double StripHeight = 40;
    private const double HealthyHeight = 110;
    private const double PanelGap = 14;
    private const double EventRowHeight = 15;
    private const double EventFontSize = 11;

    private const int TitleLength = 90;
    private const int SubtitleLength = 130;
    private const int EventLabelLength = 32;

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
        var title = ChartText.Shorten(timeline.Title, TitleLength);
        var subtitle = timeline.Subtitle is null ? "" : ChartText.Shorten(timeline.Subtitle, SubtitleLength);
        var legendTop = subtitle.Length == 0 ? 44.0 : 64.0;
        var legend = TimelineLegend.Layout(TimelineLegend.Items(figures), Margin, Width - Margin, legendTop);

        var time = new TimeScale(figures.End);
        var events = timeline.Events.Select(happened => ChartText.Shorten(happened.Label, EventLabelLength)).ToList();
        var labels = EventLabelRows.Place(
            timeline.Events.Select((happened, index) => (time.X(happened.Second), ChartText.Width(events[index], EventFontSize))).ToList(),
            Width - 8);
        var eventRows = labels.Count == 0 ? 0 : labels.Max(label => label.Row) + 1;

        var requestsTop = legend.Bottom + 14 + (eventRows * EventRowHeight);
        var stripTop = requestsTop + RequestsHeight + PanelGap;
        var healthyTop = stripTop + StripHeight + PanelGap;
        var healthyBottom = healthyTop + HealthyHeight;
        var height = healthyBottom + 50;

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

        svg.Text("text", title, ("class", "title"), ("x", Margin), ("y", 30), ("font-size", 18), ("font-weight", "bold"));
        if (subtitle.Length > 0)
        {
            svg.Text("text", subtitle, ("class", "subtitle"), ("x", Margin), ("y", 50), ("font-size", 13), ("fill", TimelineColours.Muted));
        }

        TimelineLegend.Draw(svg, legend);
        DrawRequests(svg, figures, time, requestsTop);
        DrawFailed(svg, figures, time, stripTop);
        DrawHealthy(svg, figures, time, healthyTop);
        DrawEvents(svg, timeline.Events, events, labels, requestsTop, healthyBottom);
        DrawTimeAxis(svg, time, healthyBottom);
        svg.Close();
        return svg.ToString();
    }

    /// <summary>Seconds from the start of the run to pixels across the plot.</summary>
    private sealed class TimeScale(double end)
    {
        public double End => end;

        public double SecondWidth => PlotWidth / end;

        public double X(double second) => PlotLeft + (second / end * PlotWidth);

        /// <summary>Far enough apart for their labels ("540") to read.</summary>
        public IEnumerable<double> Ticks => ChartTicks.At(ChartTicks.TimeStep(end, PlotWidth, 56), end);
    }

    private static void DrawRequests(SvgWriter svg, TimelineFigures figures, TimeScale time, double top)
    {
        var step = ChartTicks.CountStep(figures.PeakStacked, 4);
        var axisTop = ChartTicks.CountTop(figures.PeakStacked, step);
        var bottom = top + RequestsHeight;
        double Y(long count) => bottom - ((double)count / axisTop * RequestsHeight);

        svg.Open("g", ("class", "requests"));
        // Without requests there is no scale to show: only the zero line.
        for (var tick = 0L; tick <= (figures.PeakStacked == 0 ? 0 : axisTop); tick += step)
        {
            HorizontalGridLine(svg, Y(tick), ChartTicks.CountLabel(tick, axisTop));
        }

        VerticalGridLines(svg, time, top, bottom);
        var below = figures.Seconds.ToDictionary(second => second.Second, _ => 0L);
        foreach (var layer in figures.Layers.Where(layer => layer.Total > 0))
        {
            var path = StackedPath(figures.Seconds, time, second => Y(below[second.Second]), second => Y(below[second.Second] + layer.Answered(second)));
            svg.Element("path", ("class", "release"), ("data-release", layer.Name), ("d", path), ("fill", layer.Colour),
                ("stroke", layer.Colour), ("stroke-width", 0.5), ("stroke-linejoin", "round"));
            foreach (var second in figures.Seconds)
            {
                below[second.Second] += layer.Answered(second);
            }
        }

        if (figures.PeakStacked == 0)
        {
            svg.Text("text", "no requests", ("class", "no-requests"), ("x", PlotLeft + (PlotWidth / 2)), ("y", top + (RequestsHeight / 2)),
                ("text-anchor", "middle"), ("font-size", 15), ("fill", TimelineColours.Muted));
        }

        AxisLines(svg, top, bottom);
        AxisTitle(svg, "requests/s", top + (RequestsHeight / 2));
        svg.Close();
    }

    /// <summary>A step area per run of consecutive seconds: along the top of each second, then back along the bottom.</summary>
    private static string StackedPath(IReadOnlyList<TimelineSecond> seconds, TimeScale time, Func<TimelineSecond, double> bottom, Func<TimelineSecond, double> top)
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

            path.Add($"M{SvgWriter.Number(time.X(seconds[start].Second))},{SvgWriter.Number(top(seconds[start]))}");
            for (var index = start; index <= end; index++)
            {
                if (index == end || top(seconds[index + 1]) != top(seconds[index]))
                {
                    path.Add($"H{SvgWriter.Number(time.X(seconds[index].Second + 1))}");
                    path.Add($"V{SvgWriter.Number(index == end ? bottom(seconds[index]) : top(seconds[index + 1]))}");
                }
            }

            for (var index = end; index >= start; index--)
            {
                if (index == start || bottom(seconds[index - 1]) != bottom(seconds[index]))
                {
                    path.Add($"H{SvgWriter.Number(time.X(seconds[index].Second))}");
                    if (index > start)
                    {
                        path.Add($"V{SvgWriter.Number(bottom(seconds[index - 1]))}");
                    }
                }
            }

            path.Add("Z");
            start = end + 1;
        }

        return string.Join("", path);
    }

    private static void DrawFailed(SvgWriter svg, TimelineFigures figures, TimeScale time, double top)
    {
        const double countsHeight = 14;
        const double shortest = 4;
        const double countFontSize = 10;
        var bottom = top + StripHeight;
        var failing = figures.Seconds.Where(second => second.Failed > 0).ToList();

        svg.Open("g", ("class", "failed-strip"));
        svg.Element("rect", ("x", PlotLeft), ("y", top), ("width", PlotWidth), ("height", StripHeight), ("fill", TimelineColours.Strip));
        VerticalGridLines(svg, time, top, bottom);
        svg.Text("text", "failed/s", ("x", PlotLeft - 8), ("y", top + (StripHeight / 2) + 4), ("text-anchor", "end"),
            ("font-size", 11), ("fill", TimelineColours.Failed));
        if (failing.Count == 0)
        {
            svg.Text("text", "no failed requests", ("class", "no-failures"), ("x", PlotLeft + 8), ("y", top + (StripHeight / 2) + 4),
                ("font-size", 12), ("fill", TimelineColours.NoneFailed));
        }

        // Even one failure in a second gets a bar tall and wide enough to see; counts go above when they all fit.
        var width = Math.Max(2, time.SecondWidth - 1);
        var counts = failing.Select(second => (second, Text: ChartTicks.Total(second.Failed), Middle: time.X(second.Second + 0.5))).ToList();
        var countsFit = counts.Zip(counts.Skip(1)).All(pair =>
            pair.First.Middle + (ChartText.Width(pair.First.Text, countFontSize) / 2) + 2
            <= pair.Second.Middle - (ChartText.Width(pair.Second.Text, countFontSize) / 2));
        foreach (var (second, text, middle) in counts)
        {
            var barHeight = shortest + ((StripHeight - countsHeight - shortest - 2) * second.Failed / figures.PeakFailed);
            svg.Open("rect", ("class", "failed"), ("data-second", second.Second), ("data-failed", second.Failed),
                ("x", middle - (width / 2)), ("y", bottom - barHeight), ("width", width), ("height", barHeight), ("fill", TimelineColours.Failed));
            svg.Text("title", string.Create(CultureInfo.InvariantCulture, $"second {second.Second}: {text} failed"));
            svg.Close();
            if (countsFit)
            {
                svg.Text("text", text, ("class", "failed-count"), ("x", middle), ("y", top + countsHeight - 3),
                    ("text-anchor", "middle"), ("font-size", countFontSize), ("fill", TimelineColours.Failed));
            }
        }

        if (failing.Count > 0 && !countsFit)
        {
            svg.Text("text", $"peak {ChartTicks.Total(figures.PeakFailed)}/s", ("x", PlotRight - 4), ("y", top + countsHeight - 3),
                ("text-anchor", "end"), ("font-size", countFontSize), ("fill", TimelineColours.Failed));
        }

        svg.Element("line", ("x1", PlotLeft), ("y1", bottom), ("x2", PlotRight), ("y2", bottom), ("stroke", TimelineColours.Axis));
        svg.Close();
    }

    private static void DrawHealthy(SvgWriter svg, TimelineFigures figures, TimeScale time, double top)
    {
        var bottom = top + HealthyHeight;
        var highest = Math.Max(figures.Desired, figures.HealthyRuns.Count == 0 ? 0 : figures.HealthyRuns.Max(run => run.Healthy));
        var step = highest <= 8 ? 1 : ChartTicks.CountStep(highest, 4);
        var axisTop = ChartTicks.CountTop(highest + 1, step);
        double Y(long count) => bottom - ((double)count / axisTop * HealthyHeight);

        svg.Open("g", ("class", "healthy-panel"));
        foreach (var (from, to) in figures.BelowDesired)
        {
            svg.Element("rect", ("class", "below-desired"), ("data-from", from), ("data-to", to),
                ("x", time.X(from)), ("y", top), ("width", time.X(to) - time.X(from)), ("height", HealthyHeight), ("fill", TimelineColours.BelowDesired));
        }

        for (var tick = 0L; tick <= axisTop; tick += step)
        {
            HorizontalGridLine(svg, Y(tick), ChartTicks.CountLabel(tick, axisTop));
        }

        VerticalGridLines(svg, time, top, bottom);
        svg.Element("line", ("class", "desired"), ("data-desired", figures.Desired), ("x1", PlotLeft), ("y1", Y(figures.Desired)),
            ("x2", PlotRight), ("y2", Y(figures.Desired)), ("stroke", TimelineColours.Desired), ("stroke-width", 1.5), ("stroke-dasharray", "6 4"));
        if (figures.HealthyRuns.Count > 0)
        {
            var runs = figures.HealthyRuns;
            var points = new List<string> { Point(time.X(runs[0].From), Y(runs[0].Healthy)) };
            for (var index = 1; index < runs.Count; index++)
            {
                points.Add(Point(time.X(runs[index].From), Y(runs[index - 1].Healthy)));
                points.Add(Point(time.X(runs[index].From), Y(runs[index].Healthy)));
            }

            points.Add(Point(time.X(runs[^1].To), Y(runs[^1].Healthy)));
            svg.Element("polyline", ("class", "healthy"), ("points", string.Join(" ", points)), ("fill", "none"),
                ("stroke", TimelineColours.Healthy), ("stroke-width", 2), ("stroke-linejoin", "round"));
        }

        AxisLines(svg, top, bottom);
        AxisTitle(svg, "healthy servers", top + (HealthyHeight / 2));
        svg.Close();
    }

    private static void DrawEvents(SvgWriter svg, IReadOnlyList<TimelineEvent> events, IReadOnlyList<string> texts,
        IReadOnlyList<EventLabel> labels, double plotTop, double plotBottom)
    {
        if (events.Count == 0)
        {
            return;
        }

        svg.Open("g", ("class", "events"));
        foreach (var label in labels)
        {
            var baseline = plotTop - 6 - (label.Row * EventRowHeight);
            svg.Open("g", ("class", "event"), ("data-second", ChartTicks.Seconds(events[label.Event].Second)));
            svg.Text("title", $"{ChartTicks.Seconds(events[label.Event].Second)} s: {texts[label.Event]}");
            svg.Element("line", ("x1", label.LineX), ("y1", baseline - 9), ("x2", label.LineX), ("y2", plotBottom),
                ("stroke", TimelineColours.Event), ("stroke-dasharray", "3 3"));
            svg.Close();
        }

        // Labels after every line, each over a white copy of itself drawn thick, so a line never runs through text.
        foreach (var label in labels)
        {
            var baseline = plotTop - 6 - (label.Row * EventRowHeight);
            var second = ChartTicks.Seconds(events[label.Event].Second);
            var x = label.EndsAtLine ? label.Right : label.Left;
            var anchor = label.EndsAtLine ? "end" : "start";
            svg.Text("text", texts[label.Event], ("class", "event-label-halo"), ("aria-hidden", "true"), ("x", x), ("y", baseline),
                ("text-anchor", anchor), ("font-size", EventFontSize), ("fill", TimelineColours.Background),
                ("stroke", TimelineColours.Background), ("stroke-width", 4), ("stroke-linejoin", "round"));
            svg.Text("text", texts[label.Event], ("class", "event-label"), ("data-second", second), ("x", x), ("y", baseline),
                ("text-anchor", anchor), ("font-size", EventFontSize));
        }

        svg.Close();
    }

    private static void DrawTimeAxis(SvgWriter svg, TimeScale time, double plotBottom)
    {
        svg.Open("g", ("class", "time-axis"), ("font-size", 11), ("fill", TimelineColours.Muted));
        foreach (var tick in time.Ticks)
        {
            svg.Element("line", ("x1", time.X(tick)), ("y1", plotBottom), ("x2", time.X(tick)), ("y2", plotBottom + 4), ("stroke", TimelineColours.Axis));
            svg.Text("text", ChartTicks.Seconds(tick), ("x", time.X(tick)), ("y", plotBottom + 17), ("text-anchor", "middle"));
        }

        svg.Text("text", "seconds", ("x", PlotLeft + (PlotWidth / 2)), ("y", plotBottom + 36), ("text-anchor", "middle"),
            ("font-size", 12), ("fill", TimelineColours.Ink));
        svg.Close();
    }

    private static void HorizontalGridLine(SvgWriter svg, double y, string label)
    {
        svg.Element("line", ("x1", PlotLeft), ("y1", y), ("x2", PlotRight), ("y2", y), ("stroke", TimelineColours.Grid));
        svg.Text("text", label, ("x", PlotLeft - 6), ("y", y + 4), ("text-anchor", "end"), ("font-size", 11), ("fill", TimelineColours.Muted));
    }

    private static void VerticalGridLines(SvgWriter svg, TimeScale time, double top, double bottom)
    {
        foreach (var tick in time.Ticks.Skip(1))
        {
            svg.Element("line", ("x1", time.X(tick)), ("y1", top), ("x2", time.X(tick)), ("y2", bottom), ("stroke", TimelineColours.Grid));
        }
    }

    private static void AxisLines(SvgWriter svg, double top, double bottom)
    {
        svg.Element("line", ("x1", PlotLeft), ("y1", top), ("x2", PlotLeft), ("y2", bottom), ("stroke", TimelineColours.Axis));
        svg.Element("line", ("x1", PlotLeft), ("y1", bottom), ("x2", PlotRight), ("y2", bottom), ("stroke", TimelineColours.Axis));
    }

    private static void AxisTitle(SvgWriter svg, string title, double middle) =>
        svg.Text("text", title, ("x", 24), ("y", middle), ("transform", $"rotate(-90 24 {SvgWriter.Number(middle)})"),
            ("text-anchor", "middle"), ("font-size", 12));

    private static string Point(double x, double y) => $"{SvgWriter.Number(x)},{SvgWriter.Number(y)}";

    private static string Description(TimelineFigures figures, int events) => string.Create(CultureInfo.InvariantCulture,
        $"Requests per second by release, failed requests per second and healthy servers over {ChartTicks.Seconds(figures.End)} s: "
        + $"{ChartTicks.Total(figures.Requests)} requests, {ChartTicks.Total(figures.Failed)} failed; "
        + $"fewer healthy servers than the desired {figures.Desired} for {figures.SecondsBelowDesired} s; {events} events.");
}
