// Which of the region's availability zones a stack uses: only zones that offer the servers' instance type. Which zone
// a name stands for differs per account, and some zones offer no t3 or m7i at all (use1-az3 in us-east-1), so "the
// first N names" would fail the group's first launch in some accounts.
namespace WebStack.Core.Network;

public static class AvailabilityZones
{
    /// <summary>
    /// The first <paramref name="azCount"/> zones in name order among those that are available and offer
    /// <paramref name="instanceType"/>, so a stack keeps the same zones from run to run; a clear error when fewer do.
    /// </summary>
    public static IReadOnlyList<string> Choose(IEnumerable<string> available, IEnumerable<string> offering, string instanceType, int azCount, string region)
    {
        var names = available.Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count < azCount)
        {
            throw new ArgumentException(
                $"azCount ({azCount}) is more than the {names.Count} availability zones {region} offers ({string.Join(", ", names)}); "
                + $"set azCount to {names.Count} or less");
        }

        var offered = offering.ToHashSet(StringComparer.Ordinal);
        var usable = names.Where(offered.Contains).ToList();
        if (usable.Count < azCount)
        {
            var missing = names.Where(name => !offered.Contains(name));
            throw new ArgumentException(
                $"azCount ({azCount}): only {usable.Count} of the {names.Count} availability zones of {region} in this account offer instanceType {instanceType} "
                + $"({(usable.Count == 0 ? "none" : string.Join(", ", usable))}; not {string.Join(", ", missing)}); "
                + $"set azCount to {usable.Count} or less, or choose an instance type that {azCount} zones offer "
                + $"(aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values={instanceType} --region {region})");
        }

        return usable.Take(azCount).ToList();
    }
}
