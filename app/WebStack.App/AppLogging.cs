// Logging for a process under systemd: one plain line per event on stdout (the journal keeps it), and little of
// ASP.NET Core's own chatter, so a benchmark measures the app rather than its log.
using Microsoft.Extensions.Logging.Console;

namespace WebStack.App;

internal static class AppLogging
{
    public static void AddWebStackLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }
}
