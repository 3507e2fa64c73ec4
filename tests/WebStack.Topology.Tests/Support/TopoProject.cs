// A project directory made by a test: the repository's Pulumi.yaml, its sample app where a stack expects it (app/, a
// link to the repository's), and a stack file "topo" with quick health checks,
// so a server taken away is noticed within seconds; HttpsConfig gives the stack a name of its own (HTTPS).
using WebStack.Core;
using WebStack.Local.Commands;
using WebStack.Local.Stacks;

namespace WebStack.Topology.Tests.Support;

public sealed class TopoProject : IDisposable
{
    public const string Stack = "topo";

    public const string DefaultConfig = """
        config:
          webstack:healthCheckIntervalSeconds: 5
          webstack:unhealthyThreshold: 2
          webstack:healthyThreshold: 2
          webstack:appProcesses: 2
          webstack:minSize: 2
        """;

    /// <summary>The same stack on a name of its own: HTTPS on the load balancer, the name resolved in the client's namespace only.</summary>
    public const string Domain = "www.topo.example";

    public const string HttpsConfig = DefaultConfig + $"\n  webstack:domainName: {Domain}\n  webstack:hostedZone: topo.example";

    public TopoProject(string config = DefaultConfig)
    {
        Path = Directory.CreateTempSubdirectory("webstack-topology-tests-").FullName;
        File.Copy(System.IO.Path.Combine(Repo.Root, StackFiles.ProjectFileName), System.IO.Path.Combine(Path, StackFiles.ProjectFileName));
        File.WriteAllText(System.IO.Path.Combine(Path, $"Pulumi.{Stack}.yaml"), config + "\n");
        Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, "app"), System.IO.Path.Combine(Repo.Root, "app"));
    }

    public string Path { get; }

    public StackFiles Files => StackFiles.Find(Path);

    public StackPlan Plan() => PlanCommand.Load(Files, Stack);

    public void Dispose()
    {
        try
        {
            // The link to the sample goes first, so nothing of the repository's can go with the directory.
            File.Delete(System.IO.Path.Combine(Path, "app"));
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
