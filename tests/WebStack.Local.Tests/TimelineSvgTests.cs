// The timeline chart as a reader of the README gets it: a valid SVG whose legend, marks and labels say what the load
// balancer saw, the same bytes for the same run whatever the machine's culture, and a clear refusal of impossible data.
using System.Globalization;
using System.Xml.Linq;
using WebStack.Local.Reports;

namespace WebStack.Local.Tests;

public sealed class TimelineSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static TimelineSecond Second(int second, int healthy, params (string Release, int Answered)[] answers) =>
        new(second, answers.Sum(answer => answer.Answered), 0, healthy, answers.ToDictionary(answer => answer.Release, answer => answer.Answered));

    /// <summary>A steady run: 100 requests a second answered by r1, three servers healthy.</summary>
    private static List<TimelineSecond> Steady(int seconds) => Enumerable.Range(0, seconds).Select(second => Second(second, 3, ("r1", 100))).ToList();

    private static XElement Render(Timeline timeline)
    {
        var document = XDocument.Parse(TimelineSvg.Render(timeline));
        Assert.NotNull(document.Root);
        return document.Root;
    }

    private static IEnumerable<XElement> Marked(XElement svg, string kind) =>
        svg.Descendants().Where(element => ((string?)element.Attribute("class"))?.Split(' ').Contains(kind) == true);

    private static List<string> LegendTexts(XElement svg) =>
        Marked(svg, "legend-item").Select(item => item.Element(Svg + "text")!.Value).ToList();

    [Fact]
    public void The_chart_is_a_self_contained_svg_document_with_a_view_box_and_a_title()
    {
        var svg = Render(new Timeline("Rolling deploy", Steady(30), [new(10, "drain s1 started")], 3));

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("1.1", (string?)svg.Attribute("version"));
        Assert.Matches(@"^0 0 960 \d+(\.\d+)?$", (string?)svg.Attribute("viewBox"));
        Assert.Equal("Rolling deploy", Marked(svg, "title").Single().Value);
        Assert.Equal("Rolling deploy", svg.Element(Svg + "title")!.Value);
        Assert.DoesNotContain(svg.Descendants(), element => element.Name.LocalName is "script" or "style" or "image" or "foreignObject");
        Assert.DoesNotContain(svg.DescendantsAndSelf().Attributes(), attribute => attribute.Name.LocalName == "href" || attribute.Value.Contains("url(http"));
        var texts = svg.Descendants(Svg + "text").Select(text => text.Value).ToList();
        Assert.Contains("seconds", texts);
        Assert.Contains("requests/s", texts);
        Assert.Contains("healthy servers", texts);
    }

    [Fact]
    public void Each_release_is_in_the_legend_with_its_own_colour_in_the_order_releases_first_answered()
    {
        var seconds = new List<TimelineSecond>
        {
            Second(0, 3, ("r1", 300)),
            Second(1, 3, ("r1", 200), ("r2", 100)),
            Second(2, 3, ("r1", 100), ("r2", 150), ("canary", 50)),
            Second(3, 3, ("canary", 0), ("r2", 1300)),
        };

        var svg = Render(new Timeline("Deploy", seconds, [], 3));

        Assert.Equal(["r1: 600 answered", "r2: 1,550 answered", "canary: 50 answered", "failed: 0"], LegendTexts(svg).Take(4));
        var colours = Marked(svg, "release").Select(path => (string?)path.Attribute("fill")).ToList();
        Assert.Equal(3, colours.Distinct().Count());
        Assert.Equal(["r1", "r2", "canary"], Marked(svg, "release").Select(path => (string?)path.Attribute("data-release")));
    }

    [Fact]
    public void Every_event_label_is_drawn_as_text_at_its_time()
    {
        TimelineEvent[] events = [new(12, "s3 healthy"), new(30, "drain s1 started"), new(34.5, "s1 stopped"), new(50, "s1 lost"), new(56, "s1 marked down"), new(70, "rollback")];

        var svg = Render(new Timeline("Events", Steady(90), events, 3));

        var labels = Marked(svg, "event-label").ToList();
        Assert.Equal(events.Select(happened => happened.Label), labels.Select(label => label.Value));
        Assert.Equal(["12", "30", "34.5", "50", "56", "70"], labels.Select(label => (string?)label.Attribute("data-second")));
        Assert.Equal(events.Length, Marked(svg, "event").Count());
    }

    [Fact]
    public void Labels_of_events_close_together_go_on_separate_rows()
    {
        TimelineEvent[] events = [new(10, "drain s1 started"), new(10.4, "s1 stopped"), new(10.6, "s1 lost"), new(11, "s1 marked down")];

        var svg = Render(new Timeline("Close events", Steady(90), events, 3));

        var rows = Marked(svg, "event-label").Select(label => (string?)label.Attribute("y")).ToList();
        Assert.Equal(events.Length, rows.Distinct().Count());
    }

    [Fact]
    public void Placed_labels_never_overlap_and_lines_keep_clear_of_them_while_rows_allow()
    {
        (double, double)[] sparse = [(100, 90), (110, 60), (125, 80), (400, 90), (405, 90), (900, 120)];
        // Events every 3 px with labels 100 px wide: more than the rows can hold.
        (double, double)[] dense = [.. Enumerable.Range(0, 40).Select(index => (100.0 + (index * 3), 100.0))];

        var spread = EventLabelRows.Place(sparse, 960);
        var crowded = EventLabelRows.Place(dense, 960);

        foreach (var labels in new[] { spread, crowded })
        {
            var shown = labels.Where(label => label.Shown).ToList();
            foreach (var label in shown)
            {
                Assert.InRange(label.Right, label.Left, 960);
                Assert.InRange(label.Row, 0, EventLabelRows.MaximumRows - 1);
                Assert.DoesNotContain(shown, other => other != label && other.Row == label.Row && other.Left < label.Right && label.Left < other.Right);
            }
        }

        Assert.Equal(Enumerable.Range(0, sparse.Length), spread.Select(label => label.Event));
        Assert.All(spread, label => Assert.True(label.Shown));
        Assert.DoesNotContain(spread, label => spread.Any(other => other.Row > label.Row && other.LineX > label.Left && other.LineX < label.Right));
        Assert.DoesNotContain(spread, label => spread.Any(other => other.Row < label.Row && label.LineX > other.Left && label.LineX < other.Right));
        Assert.True(spread[5].EndsAtLine, "a label that would run off the right edge ends at its line");
        Assert.Equal(3, spread.Max(label => label.Row) + 1);
        Assert.Equal(EventLabelRows.MaximumRows, crowded.Max(label => label.Row) + 1);
        Assert.Contains(crowded, label => !label.Shown);
    }

    [Fact]
    public void Labels_that_no_row_has_room_for_are_counted_and_their_lines_still_drawn()
    {
        var events = Enumerable.Range(1, 15).Select(index => new TimelineEvent(30, $"event {index}")).ToList();

        var svg = Render(new Timeline("Crowded", Steady(60), events, 3));

        Assert.Equal(15, Marked(svg, "event").Count());
        Assert.Equal(EventLabelRows.MaximumRows, Marked(svg, "event-label").Count());
        Assert.Equal("5 of 15 event labels left out: too close together", Marked(svg, "labels-left-out").Single().Value);
    }

    [Fact]
    public void Failed_requests_are_marked_exactly_in_the_seconds_they_happened_even_a_single_one()
    {
        var seconds = Steady(40);
        seconds[3] = seconds[3] with { Requests = 101, Failed = 1 };
        seconds[4] = seconds[4] with { Requests = 350, Failed = 250 };
        seconds[17] = seconds[17] with { Requests = 101, Failed = 1 };

        var svg = Render(new Timeline("Server loss", seconds, [], 3));

        var marks = Marked(svg, "failed").ToList();
        Assert.Equal(["3", "4", "17"], marks.Select(mark => (string?)mark.Attribute("data-second")));
        Assert.Equal(["1", "250", "1"], marks.Select(mark => (string?)mark.Attribute("data-failed")));
        Assert.All(marks, mark => Assert.InRange(double.Parse((string)mark.Attribute("height")!, CultureInfo.InvariantCulture), 4, 40));
        Assert.All(marks, mark => Assert.InRange(double.Parse((string)mark.Attribute("width")!, CultureInfo.InvariantCulture), 2, 40));
        Assert.Contains("failed: 252", LegendTexts(svg));
        Assert.Empty(Marked(svg, "no-failures"));
    }

    [Fact]
    public void A_run_without_failures_says_so()
    {
        var svg = Render(new Timeline("Clean deploy", Steady(60), [], 3));

        Assert.Empty(Marked(svg, "failed"));
        Assert.Contains("failed: 0", LegendTexts(svg));
        Assert.Equal("no failed requests", Marked(svg, "no-failures").Single().Value);
    }

    [Fact]
    public void The_healthy_line_turns_once_per_change_and_seconds_below_the_desired_count_are_shaded()
    {
        int[] healthy = [3, 3, 2, 2, 2, 3, 4, 4, 1, 3];
        var seconds = healthy.Select((servers, second) => Second(second, servers, ("r1", 100))).ToList();

        var svg = Render(new Timeline("Healthy", seconds, [], 3));

        var points = ((string)Marked(svg, "healthy").Single().Attribute("points")!).Split(' ')
            .Select(point => point.Split(',').Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray()).ToList();
        // The start, a corner pair at each of the 5 changes (seconds 2, 5, 6, 8, 9), the end.
        Assert.Equal(2 + (2 * 5), points.Count);
        var desiredY = double.Parse((string)Marked(svg, "desired").Single().Attribute("y1")!, CultureInfo.InvariantCulture);
        Assert.Equal(desiredY, points[0][1]);
        var levels = points.Select(point => point[1]).Where((_, index) => index % 2 == 0).ToList();
        Assert.True(levels[1] > levels[0] && levels[2] == levels[0] && levels[3] < levels[0] && levels[4] > levels[1] && levels[5] == levels[0],
            "the line steps 3 -> 2 -> 3 -> 4 -> 1 -> 3");
        var corners = points.Skip(1).Take(10).Chunk(2).ToList();
        Assert.All(corners, pair => Assert.Equal(pair[0][0], pair[1][0]));
        Assert.Equal(5, corners.Select(pair => pair[0][0]).Distinct().Count());

        var shaded = Marked(svg, "below-desired").Select(area => ((string?)area.Attribute("data-from"), (string?)area.Attribute("data-to")));
        Assert.Equal([("2", "5"), ("8", "9")], shaded);
        Assert.Contains("below desired: 4 s", LegendTexts(svg));
        Assert.Contains("desired: 3", LegendTexts(svg));
    }

    [Fact]
    public void A_missing_second_keeps_the_healthy_count_and_has_no_requests()
    {
        var seconds = Steady(10).Where(second => second.Second is not (4 or 5)).ToList();
        seconds.Reverse();

        var svg = Render(new Timeline("Gap", seconds, [], 3));

        Assert.Equal(2, Marked(svg, "healthy").Single().Attribute("points")!.Value.Split(' ').Length);
        Assert.Equal(2, ((string)Marked(svg, "release").Single().Attribute("d")!).Count(command => command == 'M'));
    }

    [Fact]
    public void Text_from_the_data_is_escaped_and_the_document_still_parses()
    {
        const string title = "Deploy <r2> & \"rollback\" 'now'";
        const string release = "r<2>&\"'";
        const string label = "s1 <down> & \"out\"";
        var seconds = new List<TimelineSecond> { Second(0, 3, (release, 10)), Second(1, 3, (release, 10)) };

        var text = TimelineSvg.Render(new Timeline(title, seconds, [new(0.5, label)], 3, "load: <wrk> & co"));
        var svg = XDocument.Parse(text).Root!;

        Assert.DoesNotContain("<r2>", text);
        Assert.DoesNotContain("<down>", text);
        Assert.Equal(title, Marked(svg, "title").Single().Value);
        Assert.Equal("load: <wrk> & co", Marked(svg, "subtitle").Single().Value);
        Assert.Equal(label, Marked(svg, "event-label").Single().Value);
        Assert.Equal($"{release}: 20 answered", LegendTexts(svg)[0]);
        Assert.Equal(release, (string?)Marked(svg, "release").Single().Attribute("data-release"));
    }

    [Fact]
    public void Characters_xml_cannot_hold_become_replacement_characters()
    {
        var svg = Render(new Timeline("bell\u0007 and \uD800 lone surrogate", Steady(3), [new(1, "nul\0")], 3));

        Assert.Equal("bell\uFFFD and \uFFFD lone surrogate", Marked(svg, "title").Single().Value);
        Assert.Equal("nul\uFFFD", Marked(svg, "event-label").Single().Value);
    }

    [Fact]
    public void Numbers_are_written_the_same_under_a_culture_with_a_decimal_comma()
    {
        var timeline = new Timeline("Culture", Steady(7), [new(2.25, "s1 lost"), new(3.5, "s1 marked down")], 3);
        var invariant = TimelineSvg.Render(timeline);
        // The tests run with invariant globalization (no culture data), so the German number format is built by hand.
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.NumberFormat.NumberDecimalSeparator = ",";
        german.NumberFormat.NumberGroupSeparator = ".";
        var before = CultureInfo.CurrentCulture;
        string underGerman;
        try
        {
            CultureInfo.CurrentCulture = german;
            Assert.Equal("2,5", 2.5.ToString());
            underGerman = TimelineSvg.Render(timeline);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Equal(invariant, underGerman);
        var svg = XDocument.Parse(underGerman).Root!;
        Assert.Equal(["2.25", "3.5"], Marked(svg, "event-label").Select(label => (string?)label.Attribute("data-second")));
        var coordinates = svg.Descendants().Attributes().Where(attribute => attribute.Name.LocalName is "x" or "y" or "x1" or "x2" or "y1" or "y2" or "width" or "height").ToList();
        Assert.DoesNotContain(coordinates, attribute => attribute.Value.Contains(','));
        Assert.Contains(coordinates, attribute => attribute.Value.Contains('.'));
    }

    [Fact]
    public void The_same_timeline_gives_the_same_bytes()
    {
        Timeline Build(bool reversed)
        {
            var answers = reversed ? new[] { ("r2", 40), ("r1", 60) } : [("r1", 60), ("r2", 40)];
            var seconds = Enumerable.Range(0, 30).Select(second => Second(second, 3, answers)).ToList();
            return new Timeline("Twice", seconds, [new(4.5, "drain s1 started"), new(4.5, "s1 stopped")], 3);
        }

        var first = TimelineSvg.Render(Build(reversed: false));

        Assert.Equal(first, TimelineSvg.Render(Build(reversed: false)));
        Assert.Equal(first, TimelineSvg.Render(Build(reversed: true)));
    }

    [Fact]
    public void An_empty_run_is_a_valid_chart_that_says_no_requests()
    {
        var svg = Render(new Timeline("Nothing yet", [], [], 2));

        Assert.Equal("no requests", Marked(svg, "no-requests").Single().Value);
        Assert.Contains("failed: 0", LegendTexts(svg));
        Assert.Empty(Marked(svg, "healthy"));
        Assert.Empty(Marked(svg, "release"));
    }

    [Theory]
    [InlineData(20, new[] { "0", "5", "10", "15", "20" })]
    [InlineData(90, new[] { "0", "10", "20", "30", "40", "50", "60", "70", "80", "90" })]
    [InlineData(600, new[] { "0", "60", "120", "180", "240", "300", "360", "420", "480", "540", "600" })]
    public void The_time_axis_is_ticked_in_steps_people_count_in(int seconds, string[] ticks)
    {
        var svg = Render(new Timeline("Ticks", Steady(seconds), [], 3));

        var labels = Marked(svg, "time-axis").Single().Elements(Svg + "text").Select(text => text.Value).ToList();
        Assert.Equal([.. ticks, "seconds"], labels);
    }

    [Fact]
    public void A_long_busy_run_with_many_releases_and_long_labels_renders()
    {
        var seconds = Enumerable.Range(0, 600).Select(second => second == 300
            ? Second(second, 0)
            : Second(second, 6, ($"release-{(second / 50) + 1}", 50_000))).ToList();
        var longLabel = "deploy of release-2 started by the nightly pipeline after the database migration finished";

        var svg = Render(new Timeline(new string('T', 200), seconds, [new(50, longLabel), new(599.5, "end")], 6));

        var legend = LegendTexts(svg);
        Assert.Equal(12, legend.Count(text => text.StartsWith("release-", StringComparison.Ordinal)));
        Assert.Contains("release-12: 2,500,000 answered", legend);
        var colours = Marked(svg, "release").Select(path => (string?)path.Attribute("fill")).ToList();
        Assert.Equal(12, colours.Count);
        Assert.Equal(10, colours.Take(10).Distinct().Count());
        var label = Marked(svg, "event-label").First().Value;
        Assert.EndsWith("…", label);
        Assert.InRange(label.Length, 20, 32);
        Assert.StartsWith("deploy of release-2", label);
        Assert.Contains("60k", Marked(svg, "requests").Single().Elements(Svg + "text").Select(text => text.Value));
        Assert.EndsWith("…", Marked(svg, "title").Single().Value);
    }

    [Fact]
    public void Extreme_counts_and_times_still_give_a_chart_with_finite_coordinates()
    {
        var seconds = new List<TimelineSecond> { new(0, int.MaxValue, int.MaxValue, int.MaxValue, new Dictionary<string, int> { ["r1"] = int.MaxValue }) };

        var text = TimelineSvg.Render(new Timeline("Extremes", seconds, [new(1e9, "far away")], int.MaxValue));

        var svg = XDocument.Parse(text).Root!;
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
        Assert.Contains("3000M", Marked(svg, "requests").Single().Elements(Svg + "text").Select(label => label.Value));
        Assert.Contains("desired: 2147483647", LegendTexts(svg));
        Assert.Equal("far away", Marked(svg, "event-label").Single().Value);
    }

    [Fact]
    public void Impossible_data_is_refused_with_every_problem_named()
    {
        var seconds = Steady(5);
        seconds[1] = seconds[1] with { Failed = -1 };
        seconds.Add(Second(3, 3, ("r1", -7)));

        var refusal = Assert.Throws<ArgumentException>(() => TimelineSvg.Render(new Timeline("Bad", seconds, [new(double.NaN, "when?"), new(-2, "before")], -1)));

        Assert.Contains("DesiredHealthyServers is -1", refusal.Message);
        Assert.Contains("Seconds[1] (second 1): Failed is -1; it must be 0 or more", refusal.Message);
        Assert.Contains("AnsweredByRelease[\"r1\"] is -7", refusal.Message);
        Assert.Contains("second 3 is listed 2 times", refusal.Message);
        Assert.Contains("Events[0] (\"when?\") is at NaN s", refusal.Message);
        Assert.Contains("Events[1] (\"before\") is at -2 s", refusal.Message);
    }
}
