// Who the client is, as far as this process can tell: the address nginx passes in X-Real-IP, believed only when
// the connection comes from nginx itself (loopback), or else the address of whoever connected.
using System.Net;

namespace WebStack.App;

internal static class ClientAddress
{
    public const string RealIpHeader = "X-Real-IP";

    public static string? Of(HttpContext context) => Of(context.Connection.RemoteIpAddress, context.Request.Headers[RealIpHeader]);

    /// <summary>
    /// nginx on the same server is the only trusted proxy. Anyone else who could reach the process directly could
    /// also write X-Real-IP, so from them the header is ignored.
    /// </summary>
    public static string? Of(IPAddress? peer, IEnumerable<string?> realIp)
    {
        var fromProxy = peer is not null && IPAddress.IsLoopback(Normalize(peer));
        // nginx sends exactly one value; several, or one that isn't an address, means it wasn't nginx writing it.
        if (fromProxy && realIp.ToList() is [{ } value] && IPAddress.TryParse(value.Trim(), out var client))
        {
            return Normalize(client).ToString();
        }

        return peer is null ? null : Normalize(peer).ToString();
    }

    // Kestrel reports IPv4 peers on a dual-stack socket as ::ffff:a.b.c.d; the plain form is what people recognise.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
