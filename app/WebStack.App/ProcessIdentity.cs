// What names this process in every answer: the server, the site, the release and the process id. Fixed for its lifetime.
namespace WebStack.App;

internal sealed record ProcessIdentity(string Server, string Site, string Release, int Pid)
{
    /// <summary>The response header that names the release, on every answer (the load balancer's log records it).</summary>
    public const string ReleaseHeader = "X-Release";

    public static ProcessIdentity Of(AppOptions options) => new(options.ServerId, options.Site, options.Release, Environment.ProcessId);
}
