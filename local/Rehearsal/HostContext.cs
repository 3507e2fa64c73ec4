// Where a rehearsal runs something: this machine, or a host of the topology (a network namespace). Programs are
// wrapped to run there, and probes are made from there, so nothing is sent from this machine's own network.
using System.Globalization;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

/// <param name="Name">The host's name as the app reports it (WEBSTACK_SERVER_ID).</param>
/// <param name="Namespace">The network namespace, or null for this machine.</param>
public sealed record HostContext(string Name, string? Namespace)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static HostContext ThisMachine { get; } = new(Environment.MachineName, null);

    public CommandSpec Wrap(CommandSpec command) => Namespace is null ? command : command.InNamespace(Namespace);

    /// <summary>The HTTP status of GET <paramref name="url"/> made from this host, or null when nothing answers.</summary>
    /// <param name="caFile">The authority an https:// answer must be verified by (the rehearsal's throw-away CA).</param>
    public async Task<int?> HttpStatusAsync(string url, string? caFile = null)
    {
        if (Namespace is null && caFile is null)
        {
            try
            {
                using var response = await Http.GetAsync(url);
                return (int)response.StatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }

        List<string> arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5"];
        if (caFile is not null)
        {
            arguments.AddRange(["--cacert", caFile]);
        }

        var result = await ProgramRunner.RunAsync(Wrap(new CommandSpec("curl", [.. arguments, url])));
        return int.TryParse(result.Output, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status > 0 ? status : null;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200, or the process behind it exits, or the time is up.</summary>
    public async Task WaitUntilOkAsync(string url, ChildProcess process, TimeSpan limit, string what, string? caFile = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new UserFacingException($"{what} exited (code {process.ExitCode}) before it answered on {url}; its output:\n{process.LogTail()}");
            }

            if (await HttpStatusAsync(url, caFile) == 200)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new UserFacingException($"{what} did not answer 200 on {url} within {limit.TotalSeconds} s; its output:\n{process.LogTail()}");
    }
}
