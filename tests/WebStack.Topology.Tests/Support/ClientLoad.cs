// Load from the client's namespace (the internet's side of the load balancer) for as long as a test needs it: wrk in
// short runs one after the other, so the load ends soon after the test says stop, and wrk's own count of what the
// clients got is kept for every run.
using System.Globalization;
using WebStack.Local.Benchmark;
using WebStack.Local.Processes;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal sealed class ClientLoad
{
    private const int RunSeconds = 5;
    private readonly List<WrkResult> _runs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ClientLoad(TopologyRehearsal topology, int threads, int connections)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                // wrk's timeout is longer than the load balancer's, so every failure is an answer the load balancer gave.
                var result = await topology.RunInClientAsync(
                    CommandSpec.Of("wrk", $"-t{threads.ToString(CultureInfo.InvariantCulture)}", $"-c{connections.ToString(CultureInfo.InvariantCulture)}",
                        $"-d{RunSeconds.ToString(CultureInfo.InvariantCulture)}s", "--timeout", $"{HaProxyConfig.IdleTimeoutSeconds + 30}s", "--latency", topology.Url),
                    TimeSpan.FromSeconds(RunSeconds + HaProxyConfig.IdleTimeoutSeconds + 60));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"wrk failed: {result.Output}");
                }

                lock (_runs)
                {
                    _runs.Add(WrkResult.Parse(result.Output));
                }
            }
        });
    }

    public static ClientLoad Start(TopologyRehearsal topology, int threads = 2, int connections = 8) => new(topology, threads, connections);

    /// <summary>Requests the clients have had answered so far (wrk's count, over the finished runs).</summary>
    public long Requests
    {
        get
        {
            lock (_runs)
            {
                return _runs.Sum(run => run.Requests);
            }
        }
    }

    /// <summary>Stops after the run under way and returns what every run saw.</summary>
    public async Task<IReadOnlyList<WrkResult>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_runs)
        {
            return [.. _runs];
        }
    }
}
