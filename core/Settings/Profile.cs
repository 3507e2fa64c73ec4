// Which set of defaults a stack starts from: dev is cheap and easy to throw away, prod is resilient.
namespace WebStack.Core.Settings;

public enum Profile
{
    Dev,
    Prod,
}

public static class ProfileNames
{
    public static string ToConfigText(this Profile profile) => profile == Profile.Prod ? "prod" : "dev";

    public static bool TryParse(string text, out Profile profile)
    {
        (var ok, profile) = text switch
        {
            "dev" => (true, Profile.Dev),
            "prod" => (true, Profile.Prod),
            _ => (false, Profile.Dev),
        };
        return ok;
    }

    /// <summary>Without a profile key, stacks named prod… (prod, prod-eu, production) get prod defaults and all others dev.</summary>
    public static Profile FromStackName(string stack) =>
        stack.StartsWith("prod", StringComparison.OrdinalIgnoreCase) ? Profile.Prod : Profile.Dev;
}
