// `webstack hosts deploy <stack>`: a new build of the app to the topology a `hosts up` of the stack is running,
// replacing its servers the way the auto-scaling group's instance refresh does it with the stack's deployment policy.
// It builds the stack's apps from their settings, hands the build to the running topology (which owns the servers) and prints every step as it
// happens; the exit code says whether the release went out (0) or was rolled back (1).
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;
using WebStack.Local.Topology;

namespace WebStack.Local.Commands;

public static class HostsDeployCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(StackFiles files, string stack, string? runId, int? healthyWithinSeconds)
    {
        var plan = PlanCommand.Load(files, stack);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UserFacingException($"hosts deploy needs root, as hosts up does (sudo webstack hosts deploy {stack})");
        }

        var socket = FindTopology(stack, runId);
        var build = await AppBuild.BuildAsync(plan, files.ProjectDirectory, Console.Out);
        Console.Out.WriteLine($"deploying the build ({string.Join(", ", build.Sites.Select(pair => $"{pair.Key}: {pair.Value.Directory}"))}) to the topology of stack {stack}...");

        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        }
        catch (SocketException exception)
        {
            throw new UserFacingException($"the topology's hosts up doesn't answer on {socket} ({exception.Message}); is it still starting, or stopping?");
        }

        await using var stream = new NetworkStream(connection, ownsSocket: false);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sites = build.Sites.Select(pair => new DeployedApp(pair.Key, pair.Value.Directory, pair.Value.Start.Words)).ToList();
        await writer.WriteLineAsync(JsonSerializer.Serialize(new DeployRequest(sites, healthyWithinSeconds), Json));
        while (await reader.ReadLineAsync() is { } line)
        {
            var reply = JsonSerializer.Deserialize<DeployReply>(line, Json) ?? new DeployReply(Error: $"an empty answer: {line}");
            if (reply.Error is { } error)
            {
                throw new UserFacingException($"the topology refused the deploy: {error}");
            }

            if (reply.Step is { } step)
            {
                Console.Out.WriteLine(step);
            }

            if (reply.Succeeded is { } succeeded)
            {
                var chart = Path.Combine(files.ProjectDirectory, "artifacts", Path.GetFileName(reply.Timeline!));
                Directory.CreateDirectory(Path.GetDirectoryName(chart)!);
                File.Copy(reply.Timeline!, chart, overwrite: true);
                Console.Out.WriteLine(succeeded
                    ? $"release {reply.Release} is out on every server; the load balancer's view of it: {chart}"
                    : $"release {reply.Release} was rolled back; the servers run what they ran before; the load balancer's view of it: {chart}");
                return succeeded ? ExitCodes.Success : ExitCodes.Failure;
            }
        }

        throw new UserFacingException("the topology stopped answering before the deploy ended (was hosts up stopped?); its output says how far it got");
    }

    /// <summary>The control socket of the one running topology of <paramref name="stack"/> (or of run <paramref name="runId"/>).</summary>
    private static string FindTopology(string stack, string? runId)
    {
        var running = RunDirectory.Running(TopologyRehearsal.RunKind)
            .Where(run => runId is null ? run.Record.Stack == stack : run.Record.Id == runId)
            .Where(run => File.Exists(TopologyControl.SocketPathOf(run.Path)))
            .ToList();
        return running.Count switch
        {
            1 => TopologyControl.SocketPathOf(running[0].Path),
            0 when runId is not null => throw new UserFacingException($"no topology run {runId} is up; `webstack hosts up {stack}` starts one"),
            0 => throw new UserFacingException($"no topology of stack {stack} is up; start one with `webstack hosts up {stack}` (in another terminal), then deploy to it"),
            _ => throw new UserFacingException($"{running.Count} topologies of stack {stack} are up (runs {string.Join(", ", running.Select(run => run.Record.Id))}); choose one with --run <id>"),
        };
    }
}
