// The variables the sample reads, from the stack's app contract (the README's "What your app gets"): the same ones any
// app gets. The sample has no names of its own; a test checks these are the contract's.
namespace WebStack.App;

internal static class ContractVariables
{
    public const string Urls = "ASPNETCORE_URLS";
    public const string ConnectionString = "ConnectionStrings__Default";
    public const string Site = "WEBSTACK_SITE";
    public const string ServerId = "WEBSTACK_SERVER_ID";
    public const string Release = "WEBSTACK_RELEASE";
    public const string ShutdownSeconds = "WEBSTACK_SHUTDOWN_SECONDS";

    /// <summary>The site a process serves when it isn't told (started by hand).</summary>
    public const string DefaultSite = "default";

    /// <summary>Where the stack's servers keep the region's RDS roots; named in messages about the root certificate.</summary>
    public const string ServerRootCertificates = "/etc/webstack/rds-ca.pem";

    /// <summary>What the app listens on: nginx on the same server is its one client.</summary>
    public const string Loopback = "127.0.0.1";
}
