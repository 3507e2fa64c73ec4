// Every request's id and one line when it is answered. The id is the one nginx passes in X-Request-Id (believed only
// from nginx on loopback, and only when it looks like an id); every line written while the request runs carries it
// (a logging scope), and the request's line says what was asked and answered: method, path without the query string,
// status, time and port. No header is logged, and no query string: what a client sends as a secret stays out of logs.
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace WebStack.App;

internal static partial class RequestLog
{
    public const string Category = "WebStack.App.Requests";

    /// <summary>The header nginx names the request in (and returns it to the client in).</summary>
    public const string RequestIdHeader = "X-Request-Id";

    // What nginx passes: its own id (32 hex digits) or the load balancer's; 1-64 letters, digits, '.', '_' or '-'.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex IdShape();

    public static void UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var id = IdOf(context.Connection.RemoteIpAddress, context.Request.Headers[RequestIdHeader]) ?? context.TraceIdentifier;
            context.TraceIdentifier = id;
            using var scope = logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = id });
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
                Answered(logger, context.Request.Method, Path(context), context.Response.StatusCode, Milliseconds(started), context.Connection.LocalPort);
            }
            catch (Exception) when (!context.Response.HasStarted)
            {
                Answered(logger, context.Request.Method, Path(context), StatusCodes.Status500InternalServerError, Milliseconds(started), context.Connection.LocalPort);
                throw;
            }
        });
    }

    /// <summary>The id nginx gave the request, or null when it didn't come from nginx or isn't an id.</summary>
    public static string? IdOf(IPAddress? peer, IEnumerable<string?> header)
    {
        var fromProxy = peer is not null && IPAddress.IsLoopback(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer);
        return fromProxy && header.ToList() is [{ } value] && IdShape().IsMatch(value) ? value : null;
    }

    private static string Path(HttpContext context) => context.Request.PathBase.Add(context.Request.Path).ToString();

    private static double Milliseconds(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} answered {Status} in {ElapsedMs} ms on port {Port}")]
    private static partial void Answered(ILogger logger, string method, string path, int status, double elapsedMs, int port);
}
