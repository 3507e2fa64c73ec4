// What names this process in every answer: the server, the site and the process id. Fixed for its lifetime.
namespace WebStack.App;

internal sealed record ProcessIdentity(string Server, string Site, int Pid)
{
    public static ProcessIdentity Of(AppOptions options) => new(options.ServerId, options.Site, Environment.ProcessId);
}
