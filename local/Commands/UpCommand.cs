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
        // Signals are caught from here on: a Ctrl-C that comes while the server starts (or just as it says it is up)
        // still stops it through its own cleanup rather than killing this process with its children running.
        using var stop = new StopSignal();
        DownCommand.CleanLeftovers(Console.Out);
        var build = await AppBuild.BuildAsync(plan, files.ProjectDirectory, Console.Out);
        if (stop.Token.IsCancellationRequested)
        {
            Console.Out.WriteLine("stopped before the server was up; nothing was started");
            return ExitCodes.Interrupted;
        }

        await using var rehearsal = await ServerRehearsal.StartAsync(plan, plan.Server, build, port, Console.Out);

        var server = plan.Server;
        Console.Out.WriteLine();
        Console.Out.WriteLine($"stack {stack}: one server is running. Open {rehearsal.Server.Url}");
        Console.Out.WriteLine($"  nginx     {rehearsal.Server.Url} (config: {rehearsal.Server.Nginx.ConfigPath})");
        foreach (var site in server.Sites)
        {
            var release = rehearsal.Server.Apps.Release.For(site.Name);
            Console.Out.WriteLine($"  {site.Name,-9} {site.Ports.Count} process{(site.Ports.Count == 1 ? "" : "es")} on {AppEnvironment.Loopback}:{string.Join(", ", site.Ports)}: {release.Start} (release {release.Name})"
                + (site.IsDefault ? "" : $" (curl -H 'Host: {site.ServerName}' {rehearsal.Server.Url})"));
            foreach (var note in AppNotes(site))
            {
                Console.Out.WriteLine($"            {note}");
            }
        }

        Console.Out.WriteLine($"  database  PostgreSQL on {rehearsal.Database.Address}:{rehearsal.Database.Port} (throw-away; TLS only, the app connects with verify-full trusting {rehearsal.Certificates.CaFile} alone)");
        Console.Out.WriteLine(server.DefaultSite.App == WebStack.Core.Apps.AppSettings.Sample
            ? $"  try       curl -s {rehearsal.Server.Url}   (repeat: the process alternates, the visit number grows)"
            : $"  try       curl -s {rehearsal.Server.Url}   (your app, through nginx)");
        Console.Out.WriteLine($"  request   curl -si {rehearsal.Server.Url}   (X-Request-Id: the request's id, in nginx's and the app's JSON log lines)");
        if (server.HstsMaxAgeSeconds > 0)
        {
            Console.Out.WriteLine($"  HSTS      curl -sI -H 'X-Forwarded-Proto: https' {rehearsal.Server.Url}   (as if through the load balancer's HTTPS listener: Strict-Transport-Security)");
        }

        Console.Out.WriteLine($"  logs      {Path.Combine(rehearsal.Run.Path, "logs")} (each app process's JSON lines), {rehearsal.Server.Nginx.Layout.NginxAccessLogPath} (nginx's)");
        Console.Out.WriteLine($"            follow one request: grep -r <id> {rehearsal.Run.Path}");
        Console.Out.WriteLine(StopSignal.HowToStop("everything and removes its files"));

        await stop.WaitAsync();
        Console.Out.WriteLine("stopping...");
        return ExitCodes.Success;
    }

    /// <summary>What differs from a server, said where it matters: placeholder secrets, another Java.</summary>
    public static IEnumerable<string> AppNotes(AppSite site)
    {
        var placeheld = LocalSecrets.Placeheld(site.App);
        if (placeheld.Count > 0)
        {
            yield return $"secrets {string.Join(", ", placeheld)} are placeholders here; set {LocalSecrets.Prefix}<NAME> for a real value";
        }

        if (site.App.Source is WebStack.Core.Apps.JarSource jar)
        {
            yield return $"runs with {RequiredProgram.Java.Find() ?? "java"} here; the servers run Amazon Corretto {jar.JavaVersion}";
        }
    }
}
