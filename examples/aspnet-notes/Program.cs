// A minimal ASP.NET Core app as webstack runs it: several processes on each server, each bound to the loopback
// port in ASPNETCORE_URLS behind nginx, with PostgreSQL over verified TLS. Everything it needs comes from the
// environment the platform starts it with; it ships no appsettings.json.
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Notes;

var builder = WebApplication.CreateBuilder(args);

// ConnectionStrings__Default, in Npgsql's form: Host=..;Port=5432;Database=..;Username=..;Password=..;
// SSL Mode=VerifyFull;Root Certificate=/path/to/roots.pem. The migrations bundle (./efbundle) builds the same
// host up to Build() to find this context, so it reads the same setting and needs no --connection.
builder.Services.AddDbContext<NotesContext>(o => o.UseNpgsql(builder.Configuration.GetConnectionString("Default")));

// The platform stops a process with SIGTERM, and WEBSTACK_SHUTDOWN_SECONDS says how long the requests in flight
// then get: the host waits that long for them before it exits (its own default is 30 seconds).
if (int.TryParse(builder.Configuration["WEBSTACK_SHUTDOWN_SECONDS"], NumberStyles.None, CultureInfo.InvariantCulture, out var shutdownSeconds))
{
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdownSeconds));
}

// Logs go to stdout only (the journal keeps them), one line each: one for each request, startup and shutdown,
// the migrations the release command applies, and any warning or error.
builder.Logging.ClearProviders();
if (!EF.IsDesignTime)
{
    // The EF Core tools and the migrations bundle (./efbundle) print the log themselves.
    builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
}
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Information);
builder.Services.AddHttpLogging(o =>
{
    o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
        | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    o.CombineLogs = true;
});

var app = builder.Build();

// nginx, on the same server, connects over loopback. It has already worked out who the client is (its real-IP
// module believes X-Forwarded-For only from the load balancer's subnets) and says so in X-Real-IP, one address;
// X-Forwarded-For still ends with the load balancer's own address. So the middleware reads X-Real-IP, which it
// believes only from a known proxy, and ForwardedHeadersOptions starts with loopback known: KnownProxies holds ::1
// and KnownIPNetworks holds 127.0.0.0/8 (checked on .NET 10.0.12). X-Forwarded-Proto is the load balancer's scheme.
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardedForHeaderName = "X-Real-IP" });
app.UseHttpLogging();

var config = app.Configuration;

app.MapGet("/healthz", () => Results.Text("ok"));

app.MapGet("/", async (HttpContext context, NotesContext db, CancellationToken cancel) =>
{
    var clientAddress = context.Connection.RemoteIpAddress?.ToString();
    var note = new Note { Body = $"visit from {clientAddress}", CreatedAt = DateTimeOffset.UtcNow };
    db.Notes.Add(note);
    await db.SaveChangesAsync(cancel);
    return WholeJson(new
    {
        app = "aspnet-notes",
        id = note.Id,
        release = config["WEBSTACK_RELEASE"],
        site = config["WEBSTACK_SITE"],
        server = config["WEBSTACK_SERVER_ID"],
        clientAddress,
        scheme = context.Request.Scheme,
    });
});

app.MapGet("/notes/count", async (NotesContext db, CancellationToken cancel) =>
    WholeJson(new { count = await db.Notes.LongCountAsync(cancel) }));

app.Run();

// The answer serialized first and written whole with its Content-Length, not streamed chunked: a process killed
// mid-answer then leaves nginx a short body it can tell from a whole one.
static IResult WholeJson<T>(T value) =>
    Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web), "application/json");
