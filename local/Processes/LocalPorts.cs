// Ports on this machine's loopback: is one free, and which free ones can a rehearsal take.
using System.Net;
using System.Net.Sockets;

namespace WebStack.Local.Processes;

public static class LocalPorts
{
    public static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port the kernel just handed out as free; another program could still take it before we bind it.</summary>
    public static int AnyFree()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary><paramref name="count"/> consecutive free loopback ports, for a group of app processes.</summary>
    public static int FreeRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(20000, 60000 - count);
            if (Enumerable.Range(start, count).All(port => IsFree(IPAddress.Loopback, port)))
            {
                return start;
            }
        }

        throw new UserFacingException($"found no {count} consecutive free ports on 127.0.0.1");
    }

    /// <summary>Throws naming every taken port and what it is for.</summary>
    public static void RequireFree(IPAddress address, IEnumerable<(int Port, string Purpose)> ports, string remedy)
    {
        var taken = ports.Where(entry => !IsFree(address, entry.Port)).ToList();
        if (taken.Count > 0)
        {
            throw new UserFacingException(
                $"port{(taken.Count == 1 ? "" : "s")} {string.Join(", ", taken.Select(entry => $"{entry.Port} ({entry.Purpose})"))} on {address} "
                + $"{(taken.Count == 1 ? "is" : "are")} taken by another program; {remedy}. Nothing was started.");
        }
    }
}
