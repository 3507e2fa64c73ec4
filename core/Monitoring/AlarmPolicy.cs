// How sensitive a profile's alarms are: prod calls after three bad minutes and at lower error rates and latency,
// dev waits five minutes and tolerates more (a dev stack is restarted, redeployed and load-tested on purpose).
using WebStack.Core.Settings;

namespace WebStack.Core.Monitoring;

/// <param name="Minutes">Bad one-minute datapoints in a row before a load balancer or fleet alarm fires.</param>
/// <param name="ErrorRatePercent">Share of 5xx answers that counts as hurt.</param>
/// <param name="LatencyP99Seconds">The 99th percentile of the targets' response time that counts as slow.</param>
/// <param name="DatabaseCpuPercent">Average database CPU over 15 minutes that counts as overloaded.</param>
/// <param name="FreeStorageShare">Free database storage, as a share of the allocated, below which it is running out.</param>
/// <param name="ConnectionsShare">Share of the estimated max_connections above which connections run out.</param>
public sealed record AlarmPolicy(
    int Minutes,
    double ErrorRatePercent,
    double LatencyP99Seconds,
    double DatabaseCpuPercent,
    double FreeStorageShare,
    double ConnectionsShare)
{
    /// <summary>An error rate from fewer requests than this a minute is noise (one failure of three is 33 %).</summary>
    public const int MinimumRequests = 10;

    public static AlarmPolicy Dev { get; } = new(Minutes: 5, ErrorRatePercent: 5, LatencyP99Seconds: 2, DatabaseCpuPercent: 90, FreeStorageShare: 0.10, ConnectionsShare: 0.7);

    public static AlarmPolicy Prod { get; } = new(Minutes: 3, ErrorRatePercent: 1, LatencyP99Seconds: 1, DatabaseCpuPercent: 80, FreeStorageShare: 0.20, ConnectionsShare: 0.7);

    public static AlarmPolicy For(Profile profile) => profile == Profile.Prod ? Prod : Dev;
}
