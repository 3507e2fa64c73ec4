// The one-server rehearsal: a throw-away PostgreSQL standing in for RDS (serving TLS with a certificate from the run's
// throw-away authority, which the app verifies with verify-full, as the servers verify RDS) and one server of the
// stack (nginx in front of its app processes) on loopback. Starting checks everything first (programs, ports) so a problem stops it
// before anything runs; stopping removes every process and file it made.
using System.Net;
using WebStack.Core;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class ServerRehearsal : IAsyncDisposable
{
    private ServerRehearsal(RunDirectory run, RehearsalCertificates certificates, ThrowawayPostgres database, LocalServer server)
    {
        Run = run;
        Certificates = certificates;
        Database = database;
        Server = server;
    }

    /// <summary>The run's throw-away authority and the certificates it issued.</summary>
    public RehearsalCertificates Certificates { get; }

    public RunDirectory Run { get; }

    public ThrowawayPostgres Database { get; }

    public LocalServer Server { get; }

    public static IReadOnlyList<RequiredProgram> Programs { get; } =
        [RequiredProgram.Nginx, RequiredProgram.Postgres, RequiredProgram.InitDb, RequiredProgram.CreateDb, RequiredProgram.PgIsReady, RequiredProgram.Psql, RequiredProgram.Setpriv];

    /// <summary>The programs <paramref name="plan"/>'s server needs here: java too when an app is a jar.</summary>
    public static IReadOnlyList<RequiredProgram> ProgramsFor(ServerPlan plan) => plan.JavaVersions.Count > 0 ? [.. Programs, RequiredProgram.Java] : Programs;

    /// <param name="serverPlan">The plan's server, or one with its app ports moved (tests run several at once).</param>
    public static async Task<ServerRehearsal> StartAsync(StackPlan plan, ServerPlan serverPlan, StackBuild build, int nginxPort, TextWriter progress, NginxTuning? tuning = null)
    {
        await ProgramInstaller.EnsureAsync(ProgramsFor(serverPlan), progress);
        LocalPorts.RequireFree(IPAddress.Loopback, [(nginxPort, "nginx")], "choose another with --port");
        LocalPorts.RequireFree(IPAddress.Loopback,
            serverPlan.Sites.SelectMany(site => site.Ports.Select(port => (port, $"app process of {site.Name}"))),
            "change appBasePort in the stack file or stop the program that holds them");

        var run = RunDirectory.Create("server");
        var certificates = RehearsalCertificates.Create(run);
        ThrowawayPostgres? database = null;
        try
        {
            progress.WriteLine($"starting a throw-away PostgreSQL for stack {plan.Settings.Stack} in {run.Path}, TLS only, its certificate from a throw-away CA ({certificates.CaFile})...");
            database = await ThrowawayPostgres.StartAsync(run, HostContext.ThisMachine, IPAddress.Loopback, LocalPorts.AnyFree(),
                tls: certificates.ForDatabase(IPAddress.Loopback, "localhost"));
            progress.WriteLine($"starting {serverPlan.ProcessCount} app process{(serverPlan.ProcessCount == 1 ? "" : "es")} and nginx...");
            var release = await AppBuild.StageAsync(build, run);
            var server = await LocalServer.StartAsync(run, HostContext.ThisMachine, serverPlan, release, database.AppEnvironment(),
                IPAddress.Loopback, nginxPort, [new IPNetwork(IPAddress.Loopback, 32)], loadBalancerSetsRequestId: false, progress, tuning);
            return new ServerRehearsal(run, certificates, database, server);
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            certificates.Dispose();
            run.Remove();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
            await Database.DisposeAsync();
        }
        finally
        {
            Certificates.Dispose();
            Run.Remove();
        }
    }
}
