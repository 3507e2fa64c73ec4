// Which phase of a server loss each request belongs to, by when it arrived and when it ended: before the loss,
// inside the window (from the loss until the load balancer marked the server down), or after the mark-down. A request
// that was still in flight to the lost server when it went belongs to the window, wherever it arrived: the loss is
// what it ran into.
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal enum LossPhase
{
    Before,
    Inside,
    After,
}

internal sealed record LossPhases(
    IReadOnlyList<LoadBalancerRequest> Before,
    IReadOnlyList<LoadBalancerRequest> Inside,
    IReadOnlyList<LoadBalancerRequest> After)
{
    public static LossPhase PhaseOf(LoadBalancerRequest request, string lost, long lostAt, long markedDownAt) =>
        request.ReceivedUnixMilliseconds >= markedDownAt ? LossPhase.After
        : request.ReceivedUnixMilliseconds >= lostAt ? LossPhase.Inside
        : request.Server == lost && request.EndedUnixMilliseconds > lostAt ? LossPhase.Inside
        : LossPhase.Before;

    public static LossPhases Of(IEnumerable<LoadBalancerRequest> requests, string lost, long lostAt, long markedDownAt)
    {
        var byPhase = requests.ToLookup(request => PhaseOf(request, lost, lostAt, markedDownAt));
        return new LossPhases([.. byPhase[LossPhase.Before]], [.. byPhase[LossPhase.Inside]], [.. byPhase[LossPhase.After]]);
    }
}
