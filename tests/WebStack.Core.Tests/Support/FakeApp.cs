// A stand-in for one app process: answers every HTTP request on a loopback port with what it received, so tests see
// exactly what nginx passed on.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebStack.Core.Tests.Support;

internal sealed class FakeApp : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    public FakeApp(string site, int port)
    {
        Site = site;
        Port = port;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Site { get; }

    public int Port { get; }

    /// <summary>The request targets this process was asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Binds <paramref name="count"/> consecutive free ports; returns null when one of them is taken.</summary>
    public static List<TcpListener>? TryReserve(int basePort, int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var port = basePort; port < basePort + count; port++)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners;
        }
        catch (SocketException)
        {
            listeners.ForEach(listener => listener.Stop());
            return null;
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that are free right now.</summary>
    public static int FreePortRange(int count)
    {
        var random = new Random();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var basePort = random.Next(20000, 60000);
            var reserved = TryReserve(basePort, count);
            if (reserved is not null)
            {
                reserved.ForEach(listener => listener.Stop());
                return basePort;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports on loopback");
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
                {
                    var headers = new List<(string Name, string Value)>();
                    while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } line)
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        headers.Add((line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim()));
                    }

                    var parts = requestLine.Split(' ');
                    Requests.Enqueue(parts[1]);
                    var body = new StringBuilder()
                        .Append($"site={Site}\nport={Port}\npath={parts[1]}\n")
                        .AppendJoin("", headers.Select(header => $"header:{header.Name}={header.Value}\n"))
                        .ToString();
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var close = parts[2] == "HTTP/1.0" || headers.Any(header => header.Name == "connection" && header.Value == "close");
                    var head = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await stream.WriteAsync(bytes, _stop.Token);
                    if (close)
                    {
                        return;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // nginx closed the connection, or the test is over.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
