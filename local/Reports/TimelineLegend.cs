// The legend under a timeline chart's title: a swatch and a total for each release, the failed requests (saying
// "failed: 0" when there were none), and the marks of the healthy-servers panel, wrapped onto as many rows as needed.
using System.Globalization;

namespace WebStack.Local.Reports;

internal enum LegendMark
{
    Box,
    Line,
    DashedLine,
}

/// <param name="Release">The release the item stands for; null for the other items.</param>
internal sealed record LegendItem(LegendMark Mark, string Colour, string Text, string Kind, string? Release = null);

/// <param name="Items">Each item with the left end of its swatch and its baseline.</param>
internal sealed record LegendLayout(IReadOnlyList<(LegendItem Item, double X, double Baseline)> Items, double Bottom);

internal static class TimelineLegend
{
    private const int ReleaseNameLength = 24;
    private const double FontSize = 12;
    private const double MarkWidth = 18;
    private const double RowHeight = 20;
    private const double ItemGap = 22;

    public static IReadOnlyList<LegendItem> Items(TimelineFigures figures)
    {
        var items = figures.Layers
            .Select(layer => new LegendItem(LegendMark.Box, layer.Colour,
                $"{ChartText.Shorten(layer.Name, ReleaseNameLength)}: {ChartTicks.Total(layer.Total)} answered",
                layer.Release is null ? "no-release" : "release", layer.Release))
            .ToList();
        items.Add(new LegendItem(LegendMark.Box, TimelineColours.Failed, $"failed: {ChartTicks.Total(figures.Failed)}", "failed"));
        items.Add(new LegendItem(LegendMark.Line, TimelineColours.Healthy, "healthy servers", "healthy"));
        items.Add(new LegendItem(LegendMark.DashedLine, TimelineColours.Desired,
            string.Create(CultureInfo.InvariantCulture, $"desired: {figures.Desired}"), "desired"));
        items.Add(new LegendItem(LegendMark.Box, TimelineColours.BelowDesired,
            string.Create(CultureInfo.InvariantCulture, $"below desired: {figures.SecondsBelowDesired} s"), "below-desired"));
        return items;
    }

    public static LegendLayout Layout(IReadOnlyList<LegendItem> items, double left, double right, double top)
    {
        var placed = new List<(LegendItem, double, double)>();
        var x = left;
        var baseline = top + FontSize;
        foreach (var item in items)
        {
            var width = MarkWidth + 6 + ChartText.Width(item.Text, FontSize);
            if (x > left && x + width > right)
            {
                x = left;
                baseline += RowHeight;
            }

            placed.Add((item, x, baseline));
            x += width + ItemGap;
        }

        return new LegendLayout(placed, baseline + 6);
    }

    public static void Draw(SvgWriter svg, LegendLayout layout)
    {
        svg.Open("g", ("class", "legend"), ("font-size", FontSize));
        foreach (var (item, x, baseline) in layout.Items)
        {
            svg.Open("g", ("class", "legend-item"), ("data-kind", item.Kind));
            var middle = baseline - 4;
            switch (item.Mark)
            {
                case LegendMark.Box:
                    svg.Element("rect", ("x", x + 3), ("y", middle - 6), ("width", 12), ("height", 12), ("rx", 2), ("fill", item.Colour));
                    break;
                case LegendMark.Line:
                    svg.Element("line", ("x1", x), ("y1", middle), ("x2", x + MarkWidth), ("y2", middle), ("stroke", item.Colour), ("stroke-width", 2));
                    break;
                case LegendMark.DashedLine:
                    svg.Element("line", ("x1", x), ("y1", middle), ("x2", x + MarkWidth), ("y2", middle), ("stroke", item.Colour),
                        ("stroke-width", 1.5), ("stroke-dasharray", "6 4"));
                    break;
            }

            svg.Text("text", item.Text, ("x", x + MarkWidth + 6), ("y", baseline));
            svg.Close();
        }

        svg.Close();
    }
}
