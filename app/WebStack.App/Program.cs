// The sample app's entry point: reads the environment, then either applies the schema and exits (`--migrate`, its
// release command) or wires the services and routes and runs until SIGTERM.
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
if (args is ["--migrate"])
{
    await using var migrations = NpgsqlDataSource.Create(DatabaseConnectionString.Build(options, identity.Pid));
    try
    {
        await DatabaseSchema.MigrateAsync(migrations, Console.Out, CancellationToken.None);
        return 0;
    }
    catch (Exception exception) when (DatabaseFailure.Is(exception))
    {
        Console.Error.WriteLine($"the schema was not applied (nothing of it was, the change runs in one transaction): {DatabaseFailure.Describe(exception)}");
        return 1;
    }
}

if (args.Length > 0)
{
    Console.Error.WriteLine($"unknown arguments: {string.Join(' ', args)}; the app takes none, or --migrate to apply its schema and exit");
    return 2;
}

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
builder.Services.AddSingleton<VisitCounter>();

var app = builder.Build();
app.UseRequestLog();
app.MapWebStack();
app.Logger.LogInformation("Site {Site} release {Release} on server {Server}, pid {Pid}; database {Database}",
    identity.Site, identity.Release, identity.Server, identity.Pid, options.Database);
await app.RunAsync();
return 0;
