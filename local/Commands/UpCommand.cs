// `webstack up <stack>`: one server of the stack on this machine until Ctrl-C (or SIGTERM, or `webstack down`).
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Commands;

public static class UpCommand
{
    public static async Task<int> RunAsync(StackFiles files, string stack, int port)
    {
        var plan = PlanCommand.Load(files, stack);
        DownCommand.CleanLeftovers(Console.Out);
        var appDirectory = await AppBuild.PublishAsync(files.ProjectDirectory, Console.Out);
        await using var rehearsal = await ServerRehearsal.StartAsync(plan, plan.Server, appDirectory, port, Console.Out);

        var server = plan.Server;
        Console.Out.WriteLine();
        Console.Out.WriteLine($"stack {stack}: one server is running. Open {rehearsal.Server.Url}");
        Console.Out.WriteLine($"  nginx     {rehearsal.Server.Url} (config: {rehearsal.Server.Nginx.ConfigPath})");
        foreach (var site in server.Sites)
        {
            Console.Out.WriteLine($"  {site.Name,-9} {site.Ports.Count} process{(site.Ports.Count == 1 ? "" : "es")} on {AppEnvironment.Loopback}:{string.Join(", ", site.Ports)}"
                + (site.IsDefault ? "" : $" (curl -H 'Host: {site.ServerName}' {rehearsal.Server.Url})"));
        }

        Console.Out.WriteLine($"  database  PostgreSQL on {rehearsal.Database.Address}:{rehearsal.Database.Port} (throw-away)");
        Console.Out.WriteLine($"  try       curl -s {rehearsal.Server.Url}   (repeat: the process alternates, the visit counter grows)");
        Console.Out.WriteLine($"  logs      {Path.Combine(rehearsal.Run.Path, "logs")}");
        Console.Out.WriteLine("Ctrl-C stops everything and removes its files.");

        using (var stop = new StopSignal())
        {
            await stop.WaitAsync();
        }

        Console.Out.WriteLine("stopping...");
        return ExitCodes.Success;
    }
}
