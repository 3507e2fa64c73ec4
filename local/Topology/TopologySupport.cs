// Whether this machine can run the topology: root, and a kernel (or container) that lets it make network namespaces,
// veth links, bridges and nftables tables inside them. Tried for real in a throw-away namespace that is removed at once.
using WebStack.Local.Processes;

namespace WebStack.Local.Topology;

public static class TopologySupport
{
    private const string Remedy = "the topology needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN, network namespaces, veth, bridges and nftables "
        + "(in a container: --privileged, or --cap-add SYS_ADMIN --cap-add NET_ADMIN)";

    /// <summary>Null when the topology can run here; otherwise what is missing and what is needed.</summary>
    public static async Task<string?> ProblemAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the topology runs on Linux only (network namespaces and nftables)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"not running as root: {Remedy}; run it with sudo";
        }

        foreach (var program in new[] { RequiredProgram.Ip, RequiredProgram.Nft })
        {
            if (program.Find() is null)
            {
                return $"{program.Name} is not installed (package {program.DebianPackage})";
            }
        }

        var name = $"ws{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4]}-probe";
        var created = await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "add", name));
        if (!created.Succeeded)
        {
            return $"could not create a network namespace ({created.Output}): {Remedy}";
        }

        try
        {
            (string What, CommandSpec Command)[] steps =
            [
                ("a veth link", new CommandSpec("ip", ["-n", name, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1"])),
                ("a bridge", new CommandSpec("ip", ["-n", name, "link", "add", "probebr", "type", "bridge"])),
                ("an nftables table", CommandSpec.Of("nft", "add", "table", NftablesRuleset.Family, NftablesRuleset.TableName).InNamespace(name)),
                ("an nftables chain", CommandSpec.Of("nft", "add", "chain", NftablesRuleset.Family, NftablesRuleset.TableName, "input",
                    "{ type filter hook input priority filter; policy accept; }").InNamespace(name)),
            ];
            foreach (var (what, command) in steps)
            {
                var result = await ProgramRunner.RunAsync(command);
                if (!result.Succeeded)
                {
                    return $"could not create {what} in a network namespace ({command}: {result.Output}): {Remedy}";
                }
            }

            return null;
        }
        finally
        {
            await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "delete", name));
        }
    }
}
