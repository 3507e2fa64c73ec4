// The stack's own DNS name and the Route 53 hosted zone it lives in. The zone is named either by its domain (looked
// up by the program, public zones only) or by its id (Z...), whose domain only AWS knows, so that check waits for the
// lookup.
namespace WebStack.Core.Settings;

/// <param name="Name">The name clients use, lower case without the final dot, e.g. "www.example.com".</param>
public sealed record StackDomain(string Name, HostedZoneRef Zone)
{
    public string Url => $"https://{Name}/";
}

/// <summary>A public hosted zone by domain name or by id; exactly one of them is set.</summary>
public sealed record HostedZoneRef(string? Name, string? Id)
{
    public static HostedZoneRef ByName(string name) => new(name, null);

    public static HostedZoneRef ById(string id) => new(null, id);

    public override string ToString() => Name is not null ? $"the public zone {Name}" : $"the zone {Id}";
}
