// Which of the region's availability zones a stack uses.
namespace WebStack.Core.Network;

public static class AvailabilityZones
{
    /// <summary>
    /// The first <paramref name="azCount"/> zones in name order, so a stack keeps the same zones from run to run;
    /// a clear error when the region offers fewer.
    /// </summary>
    public static IReadOnlyList<string> Choose(IEnumerable<string> available, int azCount, string region)
    {
        var names = available.Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count < azCount)
        {
            throw new ArgumentException(
                $"azCount ({azCount}) is more than the {names.Count} availability zones {region} offers ({string.Join(", ", names)}); "
                + $"set azCount to {names.Count} or less");
        }

        return names.Take(azCount).ToList();
    }
}
