// Who may open a TCP connection to whom, on which port, and why: the firewall as data.
namespace WebStack.Core.Firewall;

public sealed record TrafficRule(Peer From, Peer To, int Port, string Purpose)
{
    public const string Protocol = "tcp";

    public override string ToString() => $"{From} -> {To} tcp/{Port} ({Purpose})";
}
