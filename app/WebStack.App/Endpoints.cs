// The app's routes. Static files are not among them: nginx serves /static/ from wwwroot before a request gets here.
namespace WebStack.App;

internal static class Endpoints
{
    public const string HealthPath = "/health";
    public const string HelloPath = "/hello";

    /// <summary>The app's own cheap check: the process answers (its healthPath in the stack's settings).</summary>
    public const string LivenessPath = "/health/live";

    public static void MapWebStack(this WebApplication app)
    {
        var identity = app.Services.GetRequiredService<ProcessIdentity>();

        // Every answer names the release that gave it, so a client (and the load balancer's log) sees a deploy switch over.
        app.Use((context, next) =>
        {
            context.Response.Headers[ProcessIdentity.ReleaseHeader] = identity.Release;
            return next(context);
        });

        app.MapGet("/", HomeEndpoint.HandleAsync);
        app.MapGet(HealthPath, HealthEndpoint.HandleAsync);

        // What the load balancer's check reaches through nginx: proves the process answers, and nothing more, so it
        // stays cheap and a database outage can't fail it.
        app.MapGet(LivenessPath, () => Results.Text("ok"));

        // For benchmarks of the proxy and the processes: a fixed string, made once, and no database.
        var hello = $"Hello from {identity.Server} pid {identity.Pid}";
        app.MapGet(HelloPath, () => Results.Text(hello));
    }
}
