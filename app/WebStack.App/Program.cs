// The sample app's entry point: reads the environment, wires the services and routes, and runs until SIGTERM.
using Npgsql;
using WebStack.App;

if (!AppOptions.TryRead(Environment.GetEnvironmentVariable, Environment.MachineName, out var options, out var problems))
{
    // Before anything listens: nginx keeps sending to the other processes, and systemd shows why this one failed.
    foreach (var problem in problems)
    {
        Console.Error.WriteLine(problem);
    }

    return 2;
}

var identity = ProcessIdentity.Of(options);
var builder = WebApplication.CreateBuilder(args);
builder.AddWebStackLogging(identity);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
// SIGTERM stops accepting and waits this long for the requests in flight; systemd's TimeoutStopSec is longer, so it
// never has to SIGKILL a process that is still finishing.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton(identity);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseConnectionString.Build(options, identity.Pid)));
builder.Services.AddSingleton<DatabaseCertificateCheck>();
builder.Services.AddSingleton<Database>();
builder.Services.AddSingleton<DatabaseSchema>();
builder.Services.AddSingleton<VisitCounter>();
builder.Services.AddHostedService<SchemaInitializer>();

var app = builder.Build();
app.UseRequestLog();
app.MapWebStack();
app.Logger.LogInformation("Site {Site} release {Release} on server {Server}, pid {Pid}; database {Database}",
    identity.Site, identity.Release, identity.Server, identity.Pid, options.Database);
await app.RunAsync();
return 0;
