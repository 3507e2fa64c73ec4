// The colours of a timeline chart, on its own white background: dark text and thin grey rules, a colour per release,
// red only for failures and a hatch only for stretches with fewer healthy servers than desired.
namespace WebStack.Local.Reports;

internal static class TimelineColours
{
    public const string Background = "#ffffff";
    public const string Border = "#d0d7de";
    public const string Ink = "#1f2328";
    public const string Muted = "#59636e";
    public const string Grid = "#eaeef2";
    public const string Axis = "#8c959f";
    public const string Strip = "#f6f8fa";
    public const string Failed = "#cf222e";
    public const string NoneFailed = "#1a7f37";
    public const string Healthy = "#1f2328";
    public const string Desired = "#6e7781";
    public const string Event = "#6e7781";
    public const string NoRelease = "#afb8c1";

    /// <summary>The id of the hatch pattern (defined once per chart) and the fill that uses it.</summary>
    public const string BelowDesiredPattern = "below-desired-hatch";
    public const string BelowDesired = "url(#" + BelowDesiredPattern + ")";
    public const string BelowDesiredGround = "#fff1e5";
    public const string BelowDesiredStripe = "#f5a36a";

    /// <summary>Blue then orange (the pair colour-blind readers tell apart best), none of them the red of failures; a run
    /// with more releases than colours reuses them in order (the legend still names each).</summary>
    private static readonly string[] Releases = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#2f4b7c", "#d4a6c8", "#8c8c3c"];

    public static string Release(int order) => Releases[order % Releases.Length];
}
