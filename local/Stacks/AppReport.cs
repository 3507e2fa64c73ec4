// The plan's apps section: what each site runs (where it comes from, how it starts, its health path, its release
// phase, its static files), what every process gets in its environment (the app contract, named but never valued for
// secrets), and what was checked of it before anything is built.
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Core.Servers;

namespace WebStack.Local.Stacks;

public static class AppReport
{
    public static void Write(Action<string> line, StackPlan plan)
    {
        line("Apps (see What your app gets in the README: the environment, the port, the database, shutdown, logs, limits)");
        foreach (var site in plan.Server.Sites)
        {
            var app = site.App;
            var shared = !site.IsDefault && plan.Settings.Sites.Single(settings => settings.Name == site.Name).App is null;
            line($"  {site.Name,-9} {(shared ? "the default app: " : "")}{app.Source.Describe()}");
            if (shared)
            {
                continue;
            }

            line($"            start    {app.Command?.ToString() ?? Implied(app)}, on 127.0.0.1:$PORT, {site.Ports.Count} process{(site.Ports.Count == 1 ? "" : "es")} per server");
            line($"            health   GET {app.HealthPath} must answer 200 within {app.StartTimeoutSeconds} s of a start"
                + (site.IsDefault ? $"; the load balancer's check of {plan.Settings.HealthCheck.Path} on nginx reaches it" : ""));
            line(app.ReleaseCommand is { } release
                ? $"            release  {release}: once per release, before its processes start, under the stack's advisory lock (table {ReleasePhase.Table}); up to {app.ReleaseTimeoutSeconds} s"
                : "            release  (no release command)");
            line(app.StaticDirectory is { } folder
                ? $"            static   nginx serves {app.StaticPath} from {folder}{(app.IsJar ? " (taken from the project directory)" : " in the package")}"
                : "            static   (none: the app serves everything)");
            if (app.Environment.Count > 0)
            {
                line($"            env      {string.Join(", ", app.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"))}");
            }

            if (app.Secrets.Count > 0)
            {
                line($"            secrets  {string.Join(", ", app.Secrets.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} from {plan.Settings.Project}:{pair.Value}"))}"
                    + " (through Secrets Manager; placeholders in the rehearsals)");
            }
        }

        line($"  contract  every process gets {string.Join(", ", AppContract.Variables.Select(variable => variable.Name))}");
        line($"            TLS to the database is verify-full in every form; SIGTERM, then {ProcessSupervision.Seconds(plan.Deployment.Processes.GracefulShutdown)} s "
            + $"to finish (WEBSTACK_SHUTDOWN_SECONDS); stdout and stderr to the journal and CloudWatch; writable: STATE_DIRECTORY and /tmp only; no root");
    }

    private static string Implied(AppSettings app) => app.Source switch
    {
        JarSource jar => $"java -XX:MaxRAMPercentage=<its share> -jar {jar.FileName} (Amazon Corretto {jar.JavaVersion})",
        _ => "its .NET app host (Name beside Name.runtimeconfig.json in the publish)",
    };
}
