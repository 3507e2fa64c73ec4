// How a site's processes start once its package exists: the release's name (the start of the package's hash, which
// the app is told and names in its answers) and the resolved start command.
namespace WebStack.Core.Apps;

public sealed record AppLaunch(string Release, AppCommand Start);
