// How many connections the stack's RDS PostgreSQL takes by default: RDS sets max_connections to
// LEAST({DBInstanceClassMemory/9531392}, 5000) (the default parameter group of RDS for PostgreSQL; AWS Prescriptive
// Guidance, "Tuning PostgreSQL parameters: max_connections"). The formula is applied to the class's memory from the
// table below (RDS's DB instance class pages). DBInstanceClassMemory is somewhat less than the class's memory (RDS
// keeps part for the operating system and its own processes), and PostgreSQL reserves 3 connections for superusers,
// so the real limit is lower than this estimate, most on the smallest classes: the alarm keeps its distance.
using System.Text.RegularExpressions;

namespace WebStack.Core.Monitoring;

public static partial class DatabaseConnectionLimit
{
    /// <summary>The divisor of RDS for PostgreSQL's default max_connections.</summary>
    public const long BytesPerConnection = 9531392;

    public const int Ceiling = 5000;

    private const long GiB = 1024L * 1024 * 1024;

    // Memory of the burstable classes, which don't double from size to size below large.
    private static readonly Dictionary<string, double> BurstableGiB = new(StringComparer.Ordinal)
    {
        ["micro"] = 1,
        ["small"] = 2,
        ["medium"] = 4,
        ["large"] = 8,
        ["xlarge"] = 16,
        ["2xlarge"] = 32,
    };

    // GiB at size "large" of each family: general purpose 8 (4 per vCPU), memory optimised 16 (8 per vCPU). Each size
    // up doubles it (xlarge, 2xlarge, 4xlarge, 8xlarge, 16xlarge) or is n times xlarge (12xlarge, 24xlarge).
    private static readonly Dictionary<string, double> LargeGiB = new(StringComparer.Ordinal)
    {
        ["m5"] = 8,
        ["m6g"] = 8,
        ["m6gd"] = 8,
        ["m6i"] = 8,
        ["m7g"] = 8,
        ["m7i"] = 8,
        ["m8g"] = 8,
        ["r5"] = 16,
        ["r6g"] = 16,
        ["r6gd"] = 16,
        ["r6i"] = 16,
        ["r7g"] = 16,
        ["r7i"] = 16,
        ["r8g"] = 16,
    };

    [GeneratedRegex(@"^db\.(?<family>[a-z0-9]+)\.(?<size>[a-z0-9]+)\z")]
    private static partial Regex ClassPattern();

    [GeneratedRegex(@"^(?<times>[0-9]*)xlarge\z")]
    private static partial Regex XlargePattern();

    /// <summary>The memory of an RDS instance class in GiB, or null when the table doesn't know the class.</summary>
    public static double? MemoryGiB(string instanceClass)
    {
        var match = ClassPattern().Match(instanceClass);
        if (!match.Success)
        {
            return null;
        }

        var family = match.Groups["family"].Value;
        var size = match.Groups["size"].Value;
        if (family is "t3" or "t4g")
        {
            return BurstableGiB.TryGetValue(size, out var burstable) ? burstable : null;
        }

        if (!LargeGiB.TryGetValue(family, out var large))
        {
            return null;
        }

        if (size == "large")
        {
            return large;
        }

        var xlarge = XlargePattern().Match(size);
        if (!xlarge.Success)
        {
            return null;
        }

        var times = xlarge.Groups["times"].Value.Length == 0 ? 1 : int.Parse(xlarge.Groups["times"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return times is 1 or 2 or 4 or 8 or 12 or 16 or 24 ? large * 2 * times : null;
    }

    /// <summary>RDS for PostgreSQL's default max_connections for the class's memory, or null for an unknown class.</summary>
    public static int? MaxConnections(string instanceClass) =>
        MemoryGiB(instanceClass) is { } gib ? (int)Math.Min((long)(gib * GiB) / BytesPerConnection, Ceiling) : null;
}
