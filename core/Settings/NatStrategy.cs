// How servers in the private app subnets reach the internet (packages, AWS APIs).
namespace WebStack.Core.Settings;

public enum NatStrategy
{
    /// <summary>No NAT gateway: servers reach AWS only through VPC endpoints (cheapest, no internet at all).</summary>
    None,

    /// <summary>One NAT gateway for all zones: cheap, but a zone outage there cuts every server's egress.</summary>
    Single,

    /// <summary>One NAT gateway per zone: each zone keeps its egress when another fails.</summary>
    PerAz,
}

public static class NatStrategyNames
{
    public static string ToConfigText(this NatStrategy strategy) => strategy switch
    {
        NatStrategy.None => "none",
        NatStrategy.Single => "single",
        _ => "perAz",
    };

    public static readonly IReadOnlyList<string> All = ["none", "single", "perAz"];

    public static bool TryParse(string text, out NatStrategy strategy)
    {
        (var ok, strategy) = text switch
        {
            "none" => (true, NatStrategy.None),
            "single" => (true, NatStrategy.Single),
            "perAz" => (true, NatStrategy.PerAz),
            _ => (false, NatStrategy.Single),
        };
        return ok;
    }
}
