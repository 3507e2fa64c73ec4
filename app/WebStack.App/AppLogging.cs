// Logging for a process under systemd: one JSON object per line on stdout (the journal keeps it; on EC2 the CloudWatch
// agent ships it), naming the process in every line, and little of ASP.NET Core's own chatter.
using Microsoft.Extensions.Logging.Console;

namespace WebStack.App;

internal static class AppLogging
{
    public static void AddWebStackLogging(this WebApplicationBuilder builder, ProcessIdentity identity)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.FormatterName = JsonLogFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<JsonLogFormatter, JsonLogFormatterOptions>(json => json.Process =
        [
            new("site", identity.Site),
            new("server", identity.Server),
            new("release", identity.Release),
            new("pid", identity.Pid),
        ]);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }
}
