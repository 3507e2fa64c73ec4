// Whether this machine can run the topology, found out once: root, network namespaces with veth, bridges and
// nftables, and the programs (installed with apt-get when they are missing and this is Debian run as root).
using WebStack.Local;
using WebStack.Local.Processes;
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

internal static class TopologyEnvironment
{
    private static readonly Lazy<Task<string?>> Problem = new(FindProblemAsync);

    /// <summary>Null when the topology can run here; otherwise why not, for Skip.If.</summary>
    public static Task<string?> SkipReasonAsync() => Problem.Value;

    private static async Task<string?> FindProblemAsync()
    {
        if (await TopologySupport.ProblemAsync() is { } problem)
        {
            return $"the topology can't run on this machine: {problem}";
        }

        try
        {
            await ProgramInstaller.EnsureAsync([.. TopologyRehearsal.Programs, RequiredProgram.Wrk], TextWriter.Null);
        }
        catch (UserFacingException exception)
        {
            return $"the topology's programs are missing: {exception.Message}";
        }

        return null;
    }
}
