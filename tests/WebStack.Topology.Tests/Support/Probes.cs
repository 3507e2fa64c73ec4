// What a host of the topology can reach, found out from inside its namespace: TCP connections (bash's /dev/tcp
// under timeout) and HTTP requests (curl). Nothing is sent from this machine's own network.
using System.Globalization;
using System.Net;
using WebStack.Local.Processes;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal enum Reach
{
    /// <summary>The connection was made.</summary>
    Connected,

    /// <summary>Something answered with a reset: the packet got there, nothing listens.</summary>
    Refused,

    /// <summary>No answer at all within the time: dropped on the way (a security group, or the router).</summary>
    NoAnswer,

    /// <summary>The sending host's own firewall refused to send it (its egress rules).</summary>
    BlockedOnTheWayOut,

    Other,
}

internal sealed record HttpAnswer(int? Status, string Body);

internal static class Probes
{
    public static async Task<(Reach Reach, string Detail)> TcpAsync(TopologyRehearsal rehearsal, TopologyHost from, IPAddress to, int port, int seconds = 2)
    {
        var result = await rehearsal.RunInAsync(from,
            CommandSpec.Of("timeout", seconds.ToString(CultureInfo.InvariantCulture), "bash", "-c", $"exec 3<>/dev/tcp/{to}/{port.ToString(CultureInfo.InvariantCulture)}"),
            TimeSpan.FromSeconds(seconds + 10));
        var reach = result.ExitCode switch
        {
            0 => Reach.Connected,
            124 => Reach.NoAnswer,
            _ when result.Output.Contains("refused", StringComparison.OrdinalIgnoreCase) => Reach.Refused,
            _ when result.Output.Contains("not permitted", StringComparison.OrdinalIgnoreCase) => Reach.BlockedOnTheWayOut,
            _ => Reach.Other,
        };
        return (reach, $"{from.Name} -> {to}:{port}: exit {result.ExitCode} {result.Output}".Trim());
    }

    /// <summary>curl's options for <paramref name="url"/>: an https:// one is verified with the run's throw-away CA alone.</summary>
    public static IReadOnlyList<string> TrustFor(TopologyRehearsal rehearsal, string url) =>
        url.StartsWith("https://", StringComparison.Ordinal) ? ["--cacert", rehearsal.CaFile] : [];

    public static async Task<HttpAnswer> GetAsync(TopologyRehearsal rehearsal, TopologyHost from, string url, bool json = false)
    {
        List<string> arguments = ["-s", "--max-time", "10", "-w", "\n%{http_code}", .. TrustFor(rehearsal, url)];
        if (json)
        {
            arguments.AddRange(["-H", "Accept: application/json"]);
        }

        arguments.Add(url);
        var result = await rehearsal.RunInAsync(from, new CommandSpec("curl", arguments), TimeSpan.FromSeconds(20));
        var cut = result.Output.LastIndexOf('\n');
        var statusText = cut < 0 ? result.Output : result.Output[(cut + 1)..];
        var status = int.TryParse(statusText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0 ? code : (int?)null;
        return new HttpAnswer(status, cut < 0 ? "" : result.Output[..cut]);
    }

    /// <summary><paramref name="count"/> GETs of <paramref name="url"/> as JSON, made by one curl (one connection, kept alive).</summary>
    public static async Task<IReadOnlyList<HttpAnswer>> GetManyAsync(TopologyRehearsal rehearsal, TopologyHost from, string url, int count)
    {
        const string Separator = "\n--webstack-status ";
        List<string> arguments = ["-s", "--max-time", "60", "-H", "Accept: application/json", "-w", Separator + "%{http_code}\n", .. TrustFor(rehearsal, url)];
        arguments.AddRange(Enumerable.Repeat(url, count));
        var result = await rehearsal.RunInAsync(from, new CommandSpec("curl", arguments), TimeSpan.FromSeconds(90));
        var answers = new List<HttpAnswer>();
        var body = new List<string>();
        foreach (var line in result.Output.Split('\n'))
        {
            if (line.StartsWith("--webstack-status ", StringComparison.Ordinal))
            {
                var status = int.TryParse(line["--webstack-status ".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0 ? code : (int?)null;
                answers.Add(new HttpAnswer(status, string.Join('\n', body)));
                body.Clear();
            }
            else
            {
                body.Add(line);
            }
        }

        Assert.True(answers.Count == count, $"curl made {answers.Count} of {count} requests (exit {result.ExitCode}): {result.Output}");
        return answers;
    }

    /// <summary>Waits up to a few seconds for every process to be gone; returns the ones still running.</summary>
    public static async Task<IReadOnlyList<int>> StillRunningAsync(IEnumerable<int> pids)
    {
        var list = pids.Distinct().ToList();
        for (var i = 0; i < 50 && list.Any(ProcessTree.IsRunning); i++)
        {
            await Task.Delay(100);
        }

        return list.Where(ProcessTree.IsRunning).ToList();
    }

    /// <summary>This machine's own network (the host namespace): its links, IPv4 addresses, routes and nftables tables.</summary>
    public static async Task<string> HostNetworkAsync()
    {
        var parts = new List<string>();
        foreach (var command in new[] { CommandSpec.Of("ip", "-o", "link"), CommandSpec.Of("ip", "-4", "-o", "addr"), CommandSpec.Of("ip", "-4", "route"), CommandSpec.Of("nft", "list", "tables") })
        {
            parts.Add((await ProgramRunner.RunAsync(command)).Output);
        }

        return string.Join('\n', parts);
    }
}
