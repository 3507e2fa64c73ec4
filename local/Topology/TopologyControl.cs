// How `webstack hosts deploy` talks to a running `hosts up`: a Unix socket in the run's directory (root's, like the
// rest of the run; no network). The topology's owner does the work, since it owns the hosts, the load balancer and
// every process: the deploy command sends the build to deploy and prints each step the owner reports back, as JSON
// lines. One deploy at a time.
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WebStack.Core.Apps;
using WebStack.Local.Rehearsal;
using WebStack.Local.Reports;

namespace WebStack.Local.Topology;

/// <param name="Sites">Each site's built app (its folder and start command) to deploy as the new release.</param>
/// <param name="HealthyWithinSeconds">How long a new server has to turn healthy; null takes the stack's default.</param>
public sealed record DeployRequest(IReadOnlyList<DeployedApp> Sites, int? HealthyWithinSeconds);

/// <param name="Directory">The app as built (the deploy command's artifacts), copied into the run as a release.</param>
/// <param name="Start">Its start command, as resolved against what was built.</param>
public sealed record DeployedApp(string Site, string Directory, IReadOnlyList<string> Start);

/// <summary>One line from the topology to the deploy command: a step, or the end (with where the timeline was drawn).</summary>
public sealed record DeployReply(string? Step = null, bool? Succeeded = null, string? Release = null, string? Timeline = null, string? Error = null);

public sealed class TopologyControl : IAsyncDisposable
{
    public const string SocketName = "control.sock";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _accepting;
    private readonly TopologyRehearsal _topology;
    private readonly TextWriter _progress;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly List<Task> _serving = [];

    private TopologyControl(TopologyRehearsal topology, TextWriter progress, CancellationToken cancellation)
    {
        _topology = topology;
        _progress = progress;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        SocketPath = SocketPathOf(topology.Run.Path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(4);
        _accepting = Task.Run(AcceptAsync);
    }

    public string SocketPath { get; }

    public static string SocketPathOf(string runPath) => Path.Combine(runPath, SocketName);

    /// <summary>Listens for deploy commands until disposed or <paramref name="cancellation"/> is cancelled (Ctrl-C).</summary>
    public static TopologyControl Start(TopologyRehearsal topology, TextWriter progress, CancellationToken cancellation) => new(topology, progress, cancellation);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_serving)
            {
                _serving.RemoveAll(task => task.IsCompleted);
                _serving.Add(Task.Run(() => ServeAsync(connection)));
            }
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        await using (var stream = new NetworkStream(connection, ownsSocket: false))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" })
        using (var writing = new SemaphoreSlim(1, 1))
        {
            // Steps are reported from several tasks at once (servers stopped together): one line at a time.
            async Task Reply(DeployReply reply)
            {
                await writing.WaitAsync();
                try
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(reply, Json));
                }
                finally
                {
                    writing.Release();
                }
            }

            try
            {
                var line = await reader.ReadLineAsync(_stopping.Token);
                var request = line is null ? null : JsonSerializer.Deserialize<DeployRequest>(line, Json);
                if (request?.Sites is not { Count: > 0 } sites || sites.Any(app => !Directory.Exists(app.Directory) || app.Start is not { Count: > 0 })
                    || !_topology.Plan.Server.Sites.All(site => sites.Any(app => app.Site == site.Name)))
                {
                    await Reply(new DeployReply(Error: $"not a deploy request with a built app for every site ({string.Join(", ", _topology.Plan.Server.Sites.Select(site => site.Name))}): {line}"));
                    return;
                }

                if (!await _oneAtATime.WaitAsync(0))
                {
                    await Reply(new DeployReply(Error: "a deploy is already running on this topology; wait for it to end"));
                    return;
                }

                try
                {
                    await DeployAsync(request, Reply);
                }
                finally
                {
                    _oneAtATime.Release();
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or JsonException or UserFacingException)
            {
                try
                {
                    await Reply(new DeployReply(Error: exception is OperationCanceledException ? "the topology is stopping" : exception.Message));
                }
                catch (IOException)
                {
                    // The deploy command is gone; the topology's own output still has every step.
                }
            }
        }
    }

    private async Task DeployAsync(DeployRequest request, Func<DeployReply, Task> reply)
    {
        var plan = _topology.Plan;
        var current = _topology.ServerHosts.SelectMany(server => server.Release.Sites.Values.Select(release => release.Name)).ToHashSet(StringComparer.Ordinal);
        var releases = _topology.Run.Sub("releases");
        // The same build deployed again is a new release of its own (a new version identity), as a new package would be.
        string Rename(string name)
        {
            var renamed = name;
            for (var number = 2; current.Contains(renamed) || Directory.Exists(Path.Combine(releases, renamed)); number++)
            {
                renamed = $"{name}.{number}";
            }

            return renamed;
        }

        var built = request.Sites.Select(app => new BuiltApp(plan.Server.Sites.Single(site => site.Name == app.Site).App, app.Directory, new AppCommand(app.Start)))
            .ToList();
        var build = new StackBuild(request.Sites.Select((app, index) => (app.Site, built[index])).ToDictionary(pair => pair.Site, pair => pair.Item2));
        var release = await AppBuild.StageAsync(build, _topology.Run, Rename);
        var options = request.HealthyWithinSeconds is { } seconds ? new DeployOptions(TimeSpan.FromSeconds(seconds)) : DeployOptions.For(plan);
        var before = _topology.ServerHosts.Select(server => server.Host.Name).ToList();
        var startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5000;
        var steps = new List<Task>();
        var outcome = await RollingDeploy.RunAsync(_topology, release, plan.Deployment, options, happened =>
        {
            _progress.WriteLine(happened.ToString());
            lock (steps)
            {
                steps.Add(reply(new DeployReply(Step: happened.ToString())));
            }
        }, _progress, _stopping.Token);
        await Task.WhenAll(steps);

        var timeline = LoadBalancerTimeline.Build($"Deploy of {release.Name}: {(outcome.Succeeded ? "done" : "rolled back")}",
            $"{before.Count} servers, min {plan.Deployment.MinHealthyPercentage} % / max {plan.Deployment.MaxHealthyPercentage} %, stack {plan.Settings.Stack}",
            startedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _topology.LoadBalancer.Requests(), _topology.LoadBalancer.TargetChanges(), before,
            outcome.Events.Where(happened => happened.Label is not null).Select(happened => new RunEvent(happened.AtUnixMilliseconds, happened.Label!)),
            before.Count);
        var svg = Path.Combine(_topology.Run.Sub("reports"), $"deploy-{release.Name}.svg");
        await File.WriteAllTextAsync(svg, TimelineSvg.Render(timeline));
        await reply(new DeployReply(Succeeded: outcome.Succeeded, Release: release.Name, Timeline: svg));
    }

    /// <summary>Stops listening, and waits for a deploy under way to stop (it is cancelled) before the topology goes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] serving;
        lock (_serving)
        {
            serving = [.. _serving];
        }

        await Task.WhenAll(serving);
        File.Delete(SocketPath);
        _stopping.Dispose();
    }
}
