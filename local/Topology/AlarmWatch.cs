// The stack's alarms, evaluated in the topology as CloudWatch evaluates them on AWS: the same definitions (AlarmPlan),
// fed with what HAProxy reports (LoadBalancerMetrics), on datapoints a sixtieth of their period long (RehearsalTime: a
// second here for every minute there) and with the same counts of datapoints, so an alarm fires as many datapoints
// after its condition as on AWS. Each change of state is printed as it happens and kept for the tests. The database's
// alarms read RDS's own metrics, which a local PostgreSQL doesn't have: they are named as not rehearsed.
using System.Globalization;
using WebStack.Core;
using WebStack.Core.Monitoring;

namespace WebStack.Local.Topology;

/// <param name="Name">The alarm's name as the stack gives it (webstack-topo-alarm-unhealthy-hosts).</param>
public sealed record AlarmTransition(DateTimeOffset At, string Key, string Name, AlarmState From, AlarmState To, string Reason)
{
    public override string ToString() =>
        $"{At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} alarm {Name} {AlarmEvaluator.Name(From)} -> {AlarmEvaluator.Name(To)}: {Reason}";
}

public sealed class AlarmWatch : IAsyncDisposable
{
    /// <summary>How long after a period ends its datapoint is taken: HAProxy logs a request as it ends.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    private readonly HaProxyServer _loadBalancer;
    private readonly TextWriter _progress;
    private readonly LogFollower _log;
    private readonly LoadBalancerMetrics _metrics = new();
    private readonly HashSet<string> _everHealthy = new(StringComparer.Ordinal);
    private readonly int _unhealthyThreshold;
    private readonly Dictionary<string, Tracked> _alarms;
    private readonly List<AlarmTransition> _transitions = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private sealed class Tracked(AlarmDefinition alarm, string name)
    {
        public AlarmDefinition Alarm { get; } = alarm;

        public string Name { get; } = name;

        public long PeriodMilliseconds { get; } = (long)RehearsalTime.PeriodOf(alarm).TotalMilliseconds;

        public List<AlarmDatapoint> Datapoints { get; } = [];

        /// <summary>The start of the next period to take a datapoint of.</summary>
        public long NextPeriod { get; set; }

        public AlarmState State { get; set; } = AlarmState.InsufficientData;
    }

    private AlarmWatch(StackPlan plan, HaProxyServer loadBalancer, TextWriter progress)
    {
        _loadBalancer = loadBalancer;
        _progress = progress;
        _unhealthyThreshold = plan.Settings.HealthCheck.UnhealthyThreshold;
        _log = new LogFollower(loadBalancer.LogPath);
        var alarms = AlarmPlan.For(plan.Settings).Alarms;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _alarms = alarms.Where(CanRehearse).ToDictionary(alarm => alarm.Key, alarm =>
        {
            var tracked = new Tracked(alarm, plan.Names.Alarm(alarm.Key).Logical);
            tracked.NextPeriod = (now / tracked.PeriodMilliseconds) + 1;
            tracked.NextPeriod *= tracked.PeriodMilliseconds;
            return tracked;
        }, StringComparer.Ordinal);
        NotRehearsed = alarms.Where(alarm => !CanRehearse(alarm)).ToList();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The alarms evaluated here.</summary>
    public IReadOnlyList<AlarmDefinition> Rehearsed => _alarms.Values.Select(tracked => tracked.Alarm).ToList();

    /// <summary>The alarms only AWS can evaluate (the database's).</summary>
    public IReadOnlyList<AlarmDefinition> NotRehearsed { get; }

    /// <summary>Every change of state so far, oldest first.</summary>
    public IReadOnlyList<AlarmTransition> Transitions
    {
        get
        {
            lock (_lock)
            {
                return [.. _transitions];
            }
        }
    }

    public static bool CanRehearse(AlarmDefinition alarm) => alarm.Metrics.All(input => LoadBalancerMetrics.Reports(input.Metric));

    /// <summary>Starts evaluating the stack's alarms on what <paramref name="loadBalancer"/> reports.</summary>
    public static AlarmWatch Start(StackPlan plan, HaProxyServer loadBalancer, TextWriter progress)
    {
        var watch = new AlarmWatch(plan, loadBalancer, progress);
        var period = watch._alarms.Values.Select(tracked => tracked.PeriodMilliseconds).DefaultIfEmpty(0).Min();
        progress.WriteLine($"alarms: {string.Join(", ", watch._alarms.Keys)} evaluated on what the load balancer reports, on {period / 1000.0:0.#} s datapoints "
            + $"(a second for every minute of their {AlarmPlan.LoadBalancerPeriodSeconds} s period on AWS); "
            + $"only on AWS: {string.Join(", ", watch.NotRehearsed.Select(alarm => alarm.Key))} (RDS's metrics)");
        return watch;
    }

    public AlarmState StateOf(string key)
    {
        lock (_lock)
        {
            return _alarms[key].State;
        }
    }

    /// <summary>The first change of <paramref name="key"/> to <paramref name="to"/> at or after <paramref name="after"/>, if any yet.</summary>
    public AlarmTransition? FirstTransition(string key, AlarmState to, DateTimeOffset after) =>
        Transitions.FirstOrDefault(transition => transition.Key == key && transition.To == to && transition.At >= after);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await StepAsync();
                await Task.Delay(SampleEvery, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or UserFacingException)
            {
                // HAProxy restarting or going away at the end of a run: the next step tries again, or the loop is stopped.
                await Task.Delay(SampleEvery);
            }
        }
    }

    private async Task StepAsync()
    {
        var targets = await _loadBalancer.TargetsAsync();
        var now = DateTimeOffset.UtcNow;
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var request in HaProxyAccessLog.Parse(_log.NewLines()))
        {
            _metrics.Add(request);
        }

        _metrics.Add(nowMs, TargetSample.Of(targets, _everHealthy, _unhealthyThreshold));
        foreach (var tracked in _alarms.Values)
        {
            while (tracked.NextPeriod + tracked.PeriodMilliseconds + (long)Settle.TotalMilliseconds <= nowMs)
            {
                var values = tracked.Alarm.Metrics.ToDictionary(input => input.Id,
                    input => _metrics.ValueOf(input.Metric, tracked.NextPeriod, tracked.PeriodMilliseconds), StringComparer.Ordinal);
                tracked.Datapoints.Add(new AlarmDatapoint(DateTimeOffset.FromUnixTimeMilliseconds(tracked.NextPeriod), tracked.Alarm.ValueOf(values)));
                tracked.NextPeriod += tracked.PeriodMilliseconds;
                if (tracked.Datapoints.Count > tracked.Alarm.EvaluationPeriods * 2)
                {
                    tracked.Datapoints.RemoveRange(0, tracked.Datapoints.Count - tracked.Alarm.EvaluationPeriods);
                }

                Evaluate(tracked, now);
            }
        }

        var oldest = _alarms.Values.Select(tracked => tracked.NextPeriod).DefaultIfEmpty(nowMs).Min();
        _metrics.Forget(oldest - 1000);
    }

    private void Evaluate(Tracked tracked, DateTimeOffset now)
    {
        var evaluation = AlarmEvaluator.Evaluate(tracked.Alarm, tracked.Datapoints);
        AlarmTransition? transition = null;
        lock (_lock)
        {
            if (evaluation.State != tracked.State)
            {
                transition = new AlarmTransition(now, tracked.Alarm.Key, tracked.Name, tracked.State, evaluation.State, evaluation.Reason);
                tracked.State = evaluation.State;
                _transitions.Add(transition);
            }
        }

        if (transition is not null)
        {
            lock (_progress)
            {
                _progress.WriteLine(transition.ToString());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
