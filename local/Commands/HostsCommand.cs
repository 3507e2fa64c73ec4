// `webstack hosts up <stack>`: the whole topology in network namespaces (written in local/Topology/).
using WebStack.Local.Stacks;

namespace WebStack.Local.Commands;

public static class HostsCommand
{
    public static Task<int> RunAsync(StackFiles files, string stack) =>
        throw new UserFacingException($"hosts up {stack} in {files.ProjectDirectory}: the topology rehearsal is not available in this build");
}
