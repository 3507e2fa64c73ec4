// `webstack hosts up <stack>`: the whole topology in network namespaces (local/Topology/) until Ctrl-C, SIGTERM or
// `webstack down`: a client standing for the internet, the VPC router, HAProxy as the load balancer, the servers and
// the database, with the stack's security groups as nftables rules on every host.
using WebStack.Core.Firewall;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;
using WebStack.Local.Topology;

namespace WebStack.Local.Commands;

public static class HostsCommand
{
    public static async Task<int> RunAsync(StackFiles files, string stack)
    {
        var plan = PlanCommand.Load(files, stack);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UserFacingException("hosts up needs root: it creates network namespaces, veth links and nftables rules. "
                + $"Run it as root (sudo webstack hosts up {stack}), or use `webstack up {stack}` for one server without root.");
        }

        // Signals are caught from here on, so Ctrl-C while the topology comes up still removes what was made.
        using var stop = new StopSignal();
        await ProgramInstaller.EnsureAsync(TopologyRehearsal.ProgramsFor(plan), Console.Out);
        if (await TopologySupport.ProblemAsync() is { } problem)
        {
            throw new UserFacingException($"this machine can't run the topology: {problem}");
        }

        DownCommand.CleanLeftovers(Console.Out);
        TopologyCleanup.RemoveOrphans(Console.Out);
        TopologyRehearsal rehearsal;
        try
        {
            var build = await AppBuild.BuildAsync(plan, files.ProjectDirectory, Console.Out, stop.Token);
            stop.Token.ThrowIfCancellationRequested();
            rehearsal = await TopologyRehearsal.StartAsync(plan, build, Console.Out, stop.Token);
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            Console.Out.WriteLine("stopped before the topology was up; everything it made is removed");
            return ExitCodes.Interrupted;
        }

        await using (rehearsal)
        await using (TopologyControl.Start(rehearsal, Console.Out, stop.Token))
        {
            Describe(rehearsal, stack);
            await stop.WaitAsync();
            Console.Out.WriteLine("stopping: the load balancer, the servers, the database, then the namespaces...");
        }

        Console.Out.WriteLine("stopped; no namespace, link, nftables table or process of the topology is left");
        return ExitCodes.Success;
    }

    private static void Describe(TopologyRehearsal rehearsal, string stack)
    {
        var layout = rehearsal.Layout;
        var plan = rehearsal.Plan;
        var client = layout.Client.Namespace;
        var output = Console.Out;
        output.WriteLine();
        output.WriteLine($"stack {stack}: the whole topology is running in network namespaces (run {layout.RunId}).");
        output.WriteLine($"  {"host",-15}{"namespace",-16}{"address",-20}what");
        void Row(string what, TopologyHost host, string address, string description) =>
            output.WriteLine($"  {what,-15}{host.Namespace,-16}{address,-20}{description}");
        Row("client", layout.Client, $"{layout.Client.Address}", $"the internet; routes {plan.Subnets.Vpc} through the router, no firewall");
        Row("router", layout.Router, ".1 of each subnet", $"the VPC router: {string.Join(", ", layout.UsedSubnets.Select(subnet => $"{subnet.Name} {subnet.Cidr}"))}");
        Row("load balancer", layout.LoadBalancer, $"{layout.LoadBalancer.Address}:{HaProxyConfig.Port}{(layout.HttpsName is null ? "" : $",{HaProxyConfig.HttpsPort}")}",
            $"HAProxy ({rehearsal.LoadBalancer.ConfigPath}){(layout.HttpsName is { } name ? $"; HTTPS for {name}, HTTP redirected to it" : "")}");
        for (var i = 0; i < layout.Servers.Count; i++)
        {
            var host = layout.Servers[i];
            Row($"server {host.Name}", host, $"{host.Address}:{Ports.Nginx}", $"nginx -> {plan.Server.ProcessCount} app processes on its 127.0.0.1, in {host.Subnet!.Name}");
        }

        Row("database", layout.Database, $"{layout.Database.Address}:{Ports.PostgreSql}", $"PostgreSQL (throw-away, TLS only; the app verifies it), in {layout.Database.Subnet!.Name}");
        output.WriteLine($"  firewall       the security groups as nftables rules (table {NftablesRuleset.Family} {NftablesRuleset.TableName}) in every host but the client: {rehearsal.RulesDirectory}");
        output.WriteLine($"  TLS            certificates from this run's throw-away CA, trusted by nothing on this machine: {rehearsal.CaFile}");
        if (layout.HttpsName is { } httpsName)
        {
            output.WriteLine($"  name           {httpsName} resolves to the load balancer in the client's namespace only ({TopologyCleanup.NamespaceEtc(client)}/hosts)");
        }

        var curl = layout.HttpsName is null ? "curl -s" : $"curl -s --cacert {rehearsal.CaFile}";
        output.WriteLine();
        output.WriteLine($"Everything is reached from the client's namespace, never from this machine's network. Try:");
        output.WriteLine($"  ip netns exec {client} {curl} {layout.Url}");
        output.WriteLine($"  ip netns exec {client} {curl} -H 'Accept: application/json' {layout.Url}   (repeat: the server and the process alternate)");
        if (layout.HttpsName is not null)
        {
            output.WriteLine($"  ip netns exec {client} curl -si {layout.HttpUrl}   (plain HTTP: redirected to HTTPS)");
            output.WriteLine($"  ip netns exec {client} curl -s {layout.Url}   (without the CA: refused, the name's certificate is trusted by nothing here)");
        }

        output.WriteLine($"  ip netns exec {client} curl -s --connect-timeout 2 http://{layout.Servers[0].Address}/   (a server: its security group drops it)");
        output.WriteLine($"  ip netns exec {client} wrk -t2 -c16 -d10s {layout.Url}");
        output.WriteLine($"  ip netns exec {layout.Servers[0].Namespace} nft list ruleset   (a server's security group)");
        output.WriteLine($"  ip netns exec {client} curl -si {layout.Url}   (X-Request-Id: the request's id, the same in every log below)");
        output.WriteLine($"  logs: {Path.Combine(rehearsal.Run.Path, "logs")} (HAProxy's access log, each app process's JSON lines), "
            + $"{Path.Combine(rehearsal.Run.Path, "server-<server>", "nginx", "access.log")} (nginx's JSON lines); follow one request: grep -r <id> {rehearsal.Run.Path}");
        output.WriteLine($"Alarms ({string.Join(", ", rehearsal.Alarms.Rehearsed.Select(alarm => alarm.Key))}) are evaluated on what the load balancer reports, "
            + "a second for every minute of their period on AWS; every change of state is printed here as it happens.");
        output.WriteLine($"A new build of the app goes out with `webstack hosts deploy {stack}` (from another terminal), server by server, as the auto-scaling group's instance refresh does it.");
        output.WriteLine(StopSignal.HowToStop("everything and removes the namespaces, their links and rules, and the run's files"));
    }
}
