// How long logs are kept: CloudWatch Logs accepts only some numbers of days for a log group's retention
// (PutRetentionPolicy, retentionInDays), so the setting takes exactly those; S3's lifecycle expiry takes the same.
using System.Globalization;

namespace WebStack.Core.Monitoring;

public static class LogRetention
{
    /// <summary>The values PutRetentionPolicy accepts (CloudWatch Logs API reference, retentionInDays).</summary>
    public static IReadOnlyList<int> AllowedDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public static IReadOnlyList<string> AllowedTexts { get; } = AllowedDays.Select(days => days.ToString(CultureInfo.InvariantCulture)).ToList();

    public static bool TryParse(string text, out int days) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out days) && AllowedDays.Contains(days);
}
