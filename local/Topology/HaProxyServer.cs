// HAProxy run in the load balancer's namespace, and what it says about its targets (read over its stats socket, a
// Unix socket in the run's directory: no network traffic).
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using WebStack.Core.Settings;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Topology;

/// <param name="Status">HAProxy's state: "UP", "DOWN", "UP 1/2" (going down), "DOWN 1/2" (coming up), "MAINT".</param>
/// <param name="CheckStatus">The last health check's result, e.g. "L7OK", "L4TOUT", "L4CON"; empty before the first.</param>
/// <param name="Selected">How many times the load balancer has sent a request to it.</param>
/// <param name="CurrentSessions">Requests it is serving now (connections the load balancer has in use to it).</param>
/// <param name="ChecksFailed">Health checks it has failed since it was added.</param>
public sealed record TargetState(string Name, string Status, string CheckStatus, long Selected, int CurrentSessions = 0, long ChecksFailed = 0)
{
    public bool IsUp => Status.StartsWith("UP", StringComparison.Ordinal);

    /// <summary>Up and checked at least once (an ALB target that has passed its checks).</summary>
    public bool IsHealthy => Status == "UP" && CheckStatus == "L7OK";

    /// <summary>Marked down: the load balancer sends it nothing until it passes its checks again.</summary>
    public bool IsDown => Status == "DOWN";
}

public sealed class HaProxyServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private HaProxyServer(ChildProcess process, string configPath, string statsSocket)
    {
        _process = process;
        ConfigPath = configPath;
        StatsSocket = statsSocket;
    }

    public string ConfigPath { get; }

    public string StatsSocket { get; }

    public ChildProcess Process => _process;

    /// <summary>HAProxy's output: its access log (one line per request) and its messages.</summary>
    public string LogPath => _process.LogPath;

    /// <summary>Every request the load balancer has logged so far.</summary>
    public IReadOnlyList<LoadBalancerRequest> Requests() => HaProxyAccessLog.Parse(HaProxyAccessLog.ReadLines(LogPath));

    /// <summary>Every time the load balancer has marked a target up or down so far, with its own timestamps.</summary>
    public IReadOnlyList<TargetChange> TargetChanges() => HaProxyAccessLog.TargetChanges(HaProxyAccessLog.ReadLines(LogPath));

    /// <param name="certificate">The certificate for the stack's name, for HTTPS on 443; null serves HTTP only.</param>
    public static async Task<HaProxyServer> StartAsync(RunDirectory run, HostContext host, HealthCheckSettings health, System.Net.IPAddress listen,
        IReadOnlyList<LoadBalancerTarget> targets, IssuedCertificate? certificate = null)
    {
        var haproxy = RequiredProgram.HaProxy.Require();
        var directory = run.Sub("haproxy");
        var configPath = Path.Combine(directory, "haproxy.cfg");
        var statsSocket = Path.Combine(directory, "stats.sock");
        string? certificatePath = null;
        if (certificate is not null)
        {
            certificatePath = Path.Combine(directory, "site.pem");
            certificate.WriteCombined(certificatePath);
        }

        await File.WriteAllTextAsync(configPath, HaProxyConfig.Render(health, listen, HaProxyConfig.Port, targets, statsSocket, certificatePath));

        var check = await ProgramRunner.RunAsync(host.Wrap(CommandSpec.Of(haproxy, "-c", "-q", "-f", configPath)));
        if (!check.Succeeded)
        {
            throw new UserFacingException($"haproxy refused the rendered configuration {configPath}:\n    {check.Output.Replace("\n", "\n    ")}");
        }

        // -db: stay in the foreground, so the process is HAProxy itself and its messages (servers going up and down) are logged.
        var process = ChildProcess.Start($"haproxy on {host.Name}", host.Wrap(CommandSpec.Of(haproxy, "-db", "-f", configPath)),
            Path.Combine(run.Path, "logs", $"haproxy-{host.Name}.log"));
        run.Record(process, "haproxy");
        var server = new HaProxyServer(process, configPath, statsSocket);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!File.Exists(statsSocket))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new UserFacingException($"haproxy {(process.HasExited ? $"exited (code {process.ExitCode})" : "did not start within 15 s")}; its output:\n{process.LogTail()}");
                }

                await Task.Delay(50);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Every target of the backend as HAProxy sees it now.</summary>
    public async Task<IReadOnlyList<TargetState>> TargetsAsync()
    {
        var csv = await CommandAsync("show stat");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            throw new UserFacingException($"haproxy's stats socket answered something other than its statistics: {csv}");
        }

        var header = lines[0][2..].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var index and >= 0 ? index : throw new UserFacingException($"haproxy's statistics have no {name} column");
        var (proxy, server, status, check, selected, current) = (Column("pxname"), Column("svname"), Column("status"), Column("check_status"), Column("lbtot"), Column("scur"));
        var failed = Column("chkfail");
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[proxy] == HaProxyConfig.BackendName && fields[server] is not ("BACKEND" or "FRONTEND"))
            .Select(fields => new TargetState(fields[server], fields[status], fields[check].TrimStart('*'),
                long.TryParse(fields[selected], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0,
                int.TryParse(fields[current], NumberStyles.None, CultureInfo.InvariantCulture, out var sessions) ? sessions : 0,
                long.TryParse(fields[failed], NumberStyles.None, CultureInfo.InvariantCulture, out var failures) ? failures : 0))
            .ToList();
    }

    /// <summary>Log lines HAProxy could not write (it drops them rather than wait): counts read from the log are whole only at 0.</summary>
    public async Task<long> DroppedLogsAsync()
    {
        var info = await CommandAsync("show info");
        var line = info.Split('\n').FirstOrDefault(line => line.StartsWith("DroppedLogs:", StringComparison.Ordinal));
        return line is not null && long.TryParse(line["DroppedLogs:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var dropped)
            ? dropped
            : throw new UserFacingException($"haproxy's info has no DroppedLogs count: {info}");
    }

    /// <summary>The client connections the load balancer has open now (a request still waiting for a server counts).</summary>
    public async Task<int> OpenClientConnectionsAsync()
    {
        var csv = await CommandAsync("show stat");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0][2..].Split(',');
        var (server, current) = (Array.IndexOf(header, "svname"), Array.IndexOf(header, "scur"));
        return lines.Skip(1).Select(line => line.Split(','))
            .Where(fields => fields[server] == "FRONTEND")
            .Sum(fields => int.TryParse(fields[current], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0);
    }

    /// <summary>
    /// Adds a target while the load balancer runs, as an ALB registers an instance: it gets no request until it has
    /// passed the target group's health check (the healthy threshold) from a start of not healthy. HAProxy would
    /// take a new server as up at once, so it is added with no weight, marked down, then given its weight back.
    /// </summary>
    public async Task RegisterAsync(LoadBalancerTarget target, HealthCheckSettings health)
    {
        var server = $"{HaProxyConfig.BackendName}/{target.Name}";
        await CommandCheckedAsync($"add server {server} {target.Address}:{target.Port.ToString(CultureInfo.InvariantCulture)} weight 0 {HaProxyConfig.CheckOptions(health)}",
            "New server registered");
        await CommandCheckedAsync($"enable health {server}");
        await CommandCheckedAsync($"enable server {server}");
        await CommandCheckedAsync($"set server {server} health down");
        await CommandCheckedAsync($"set server {server} weight 1");
    }

    /// <summary>Starts draining a target, as an ALB deregistering it: no new request reaches it, those in flight finish.</summary>
    public Task DrainAsync(string name) => CommandCheckedAsync($"set server {HaProxyConfig.BackendName}/{name} state drain");

    /// <summary>Takes a target out of the backend for good, once it has drained (what is still open is cut).</summary>
    public async Task DeregisterAsync(string name)
    {
        var server = $"{HaProxyConfig.BackendName}/{name}";
        await CommandCheckedAsync($"set server {server} state maint");
        await CommandCheckedAsync($"shutdown sessions server {server}");
        await CommandCheckedAsync($"del server {server}", "Server deleted");
    }

    /// <summary>Waits until every target has passed its health check (as an ALB target must before it gets traffic).</summary>
    public async Task WaitUntilAllHealthyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        IReadOnlyList<TargetState> targets = [];
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new UserFacingException($"haproxy exited (code {_process.ExitCode}); its output:\n{_process.LogTail()}");
            }

            targets = await TargetsAsync();
            if (targets.Count > 0 && targets.All(target => target.IsHealthy))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new UserFacingException($"the load balancer's health checks did not pass on every server within {limit.TotalSeconds} s: "
            + string.Join(", ", targets.Select(target => $"{target.Name} {target.Status} ({target.CheckStatus})")) + $"; its output:\n{_process.LogTail()}");
    }

    /// <summary>A runtime command; throws with HAProxy's answer unless it says <paramref name="expected"/> (or nothing, by default).</summary>
    private async Task CommandCheckedAsync(string command, string? expected = null)
    {
        var answer = (await CommandAsync(command)).Trim();
        var fine = expected is null ? answer.Length == 0 : answer.Contains(expected, StringComparison.Ordinal);
        if (!fine)
        {
            throw new UserFacingException($"the load balancer refused \"{command}\": {answer}");
        }
    }

    private async Task<string> CommandAsync(string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(StatsSocket));
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"));
        var buffer = new byte[65536];
        var answer = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }

    // SIGTERM: HAProxy's hard stop; the rehearsal is over, there is nothing to drain.
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
    }
}
