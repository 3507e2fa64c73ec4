// Where a chart's axis ticks go and how their numbers read: seconds in steps people count in (5, 10, 20, 30, 60 s...),
// counts in 1-2-5 steps, large counts as "12k".
using System.Globalization;

namespace WebStack.Local.Reports;

internal static class ChartTicks
{
    private static readonly double[] TimeSteps = [1, 5, 10, 20, 30, 60, 120, 300, 600];

    /// <summary>The smallest step of seconds that keeps ticks at least <paramref name="minimumGap"/> pixels apart.</summary>
    public static double TimeStep(double seconds, double width, double minimumGap)
    {
        foreach (var step in TimeSteps)
        {
            if (step / seconds * width >= minimumGap)
            {
                return step;
            }
        }

        // Far beyond the runs this is for (minutes), but a wrong clock must still give an axis, not a loop.
        var scale = 1.0;
        while (true)
        {
            scale *= 10;
            foreach (var factor in (double[])[2, 5, 10])
            {
                var step = 60 * factor * scale;
                if (step / seconds * width >= minimumGap)
                {
                    return step;
                }
            }
        }
    }

    public static IEnumerable<double> At(double step, double end)
    {
        for (var index = 0; index * step <= end + 1e-9; index++)
        {
            yield return index * step;
        }
    }

    /// <summary>A whole 1, 2 or 5 times a power of ten, so about <paramref name="ticks"/> steps cover <paramref name="maximum"/>.</summary>
    public static long CountStep(long maximum, int ticks)
    {
        var raw = Math.Max(1.0, (double)maximum / ticks);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in (double[])[1, 2, 5, 10])
        {
            if (factor * power >= raw)
            {
                return (long)(factor * power);
            }
        }

        return (long)(10 * power);
    }

    /// <summary>The top of an axis that starts at 0 and shows <paramref name="maximum"/> on whole steps.</summary>
    public static long CountTop(long maximum, long step) => Math.Max(step, (maximum + step - 1) / step * step);

    /// <summary>"2500" on an axis up to 5000, "12.5k" on one that reaches 10 000 or more, "20M" from 10 million.</summary>
    public static string CountLabel(long value, long axisTop) => value == 0 ? "0" : axisTop switch
    {
        >= 10_000_000 => (value / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Seconds(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A total for the legend and the description: "41,234".</summary>
    public static string Total(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
