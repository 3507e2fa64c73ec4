// Deploys with migrations, under load from the client's namespace, with the Java example as the stack's app: its
// release command (java -jar notes.jar --migrate) runs once per release on the first new server before that server's
// processes start. A migration that adds a column the new release uses leaves the old release serving on the new
// schema; a migration that fails leaves no change, keeps the old release serving and fails the deploy; a scale-out
// after a deploy runs no migration at all. Every case fails no request.
using System.Text.Json;
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Local.Rehearsal;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

/// <summary>The deploy tests' prod-like stack of two servers, running the Java example built from its settings.</summary>
public sealed class MigrationFixture() : TopologyFixture(DeployFixture.Config + "\n" + JavaNotes.AppSetting)
{
    protected override Task<string?> MissingAsync() => Task.FromResult(JavaNotes.Missing());

    protected override async Task<StackBuild> BuildAsync(TopoProject project, StackPlan plan)
    {
        await JavaNotes.BuildAsync(Path.Combine(project.Path, JavaNotes.JarName));
        return await AppBuild.BuildAsync(plan, project.Path, TextWriter.Null);
    }
}

public sealed class MigrationDeployTests(MigrationFixture fixture, ITestOutputHelper output) : IClassFixture<MigrationFixture>
{
    private static readonly TimeSpan Around = TimeSpan.FromSeconds(5);

    private const string AddAuthor = "ALTER TABLE notes ADD COLUMN author text";

    [SkippableFact]
    public async Task ADeployWhoseMigrationAddsAColumnTheNewReleaseUsesKeepsTheOldReleaseServingAndFailsNoRequest()
    {
        var topology = fixture.Require();
        Assert.Equal("", await topology.Database.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'author'"));
        var old = topology.ServerHosts[0].Release;
        var release = await ReleaseAsync(topology, "author", new Dictionary<string, string> { ["V2__add_author.sql"] = AddAuthor });

        var run = await DeployRun.MeasureAsync($"Deploy with a migration that adds a column ({old.Name} -> {release.Name})", topology,
            () => RollingDeploy.RunAsync(topology, release, topology.Plan.Deployment, DeployOptions.For(topology.Plan), happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Around, Around);
        output.WriteLine(await run.WriteAsync("migration-deploy", topology.Plan.Deployment.MinHealthyPercentage, topology.Plan.Deployment.MaxHealthyPercentage));

        Assert.True(run.Outcome.Succeeded, string.Join('\n', run.Outcome.Events));
        Assert.True(run.FailedRequests.Count == 0, $"{run.FailedRequests.Count} requests failed:\n{string.Join('\n', run.FailedRequests.Take(20))}");
        Assert.Equal(0, run.Client.Sum(result => result.Errors));
        // The migration ran once, and the old release went on answering after it, on the new schema.
        var migrated = long.Parse(await topology.Database.QueryAsync(
            $"SELECT (extract(epoch FROM finished_at) * 1000)::bigint FROM {ReleasePhase.Table} WHERE release = '{release.Name}' AND outcome = 'succeeded'"), System.Globalization.CultureInfo.InvariantCulture);
        var oldAfterMigration = run.Answered.Count(request => request.Release == old.Name && request.ReceivedUnixMilliseconds > migrated && !request.Failed);
        output.WriteLine($"requests the old release {old.Name} answered after the migration ran: {oldAfterMigration}");
        Assert.True(oldAfterMigration > 0, "the old release answered no request after the migration ran, so the test shows nothing about it");
        Assert.Equal("author", await topology.Database.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'author'"));
        // The new release writes the column; the old one's rows have none.
        var answer = JsonDocument.Parse((await Probes.GetAsync(topology, topology.Layout.Client, topology.Url)).Body).RootElement;
        Assert.Equal(2, answer.GetProperty("schema").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("author").GetString()));
        Assert.Equal("1", await topology.Database.QueryAsync($"SELECT count(*) FROM {ReleasePhase.Table} WHERE release = '{release.Name}'"));
    }

    [SkippableFact]
    public async Task ADeployWhoseMigrationFailsLeavesNoSchemaChangeKeepsTheOldReleaseServingAndIsReportedFailed()
    {
        var topology = fixture.Require();
        var before = topology.ServerHosts.Select(server => (server.Host.Name, server.Release.Name)).ToList();
        var schemaBefore = await SchemaAsync(topology);
        var next = int.Parse(await topology.Database.QueryAsync("SELECT max(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture) + 1;
        var migrations = new Dictionary<string, string> { [$"V{next}__broken.sql"] = "ALTER TABLE notes ADD COLUMN broken int;\nSELECT 1/0;\n" };
        if (next > 2)
        {
            migrations["V2__add_author.sql"] = AddAuthor;
        }

        var release = await ReleaseAsync(topology, "broken", migrations);
        var options = DeployOptions.For(topology.Plan) with { HealthyWithin = TimeSpan.FromSeconds(20) };

        var run = await DeployRun.MeasureAsync($"Deploy with a migration that fails ({release.Name}), rolled back", topology,
            () => RollingDeploy.RunAsync(topology, release, topology.Plan.Deployment, options, happened => output.WriteLine(happened.ToString()), TextWriter.Null),
            Around, Around);
        output.WriteLine(await run.WriteAsync("migration-failed", topology.Plan.Deployment.MinHealthyPercentage, topology.Plan.Deployment.MaxHealthyPercentage));

        Assert.False(run.Outcome.Succeeded);
        Assert.Contains(DeployStep.NeverHealthy, run.Outcome.Events.Select(happened => happened.Step));
        Assert.Contains(run.Outcome.Events, happened => happened.Message.Contains("did not boot (the release phase of default failed", StringComparison.Ordinal));
        Assert.True(run.FailedRequests.Count == 0, $"{run.FailedRequests.Count} requests failed:\n{string.Join('\n', run.FailedRequests.Take(20))}");
        Assert.Equal(0, run.Client.Sum(result => result.Errors));
        Assert.Equal(before, topology.ServerHosts.Select(server => (server.Host.Name, server.Release.Name)));
        Assert.Equal(schemaBefore, await SchemaAsync(topology));
        Assert.Equal("failed", await topology.Database.QueryAsync($"SELECT string_agg(DISTINCT outcome, ',') FROM {ReleasePhase.Table} WHERE release = '{release.Name}'"));
    }

    [SkippableFact]
    public async Task AScaleOutAfterADeployRunsNoMigrationAndFailsNoRequest()
    {
        var topology = fixture.Require();
        var current = topology.ServerHosts[0].Release;
        var recorded = await topology.Database.QueryAsync($"SELECT count(*) FROM {ReleasePhase.Table}");
        var load = ClientLoad.Start(topology);
        TopologyServer added;
        var joining = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await WebStack.Local.Processes.Eventually.TrueAsync(() => Task.FromResult(load.Requests > 0), TimeSpan.FromSeconds(30), "the load to start", () => "no request yet");
            joining.Restart();
            added = await topology.ScaleOutAsync(TextWriter.Null);
            await WebStack.Local.Processes.Eventually.TrueAsync(async () => (await topology.LoadBalancer.TargetsAsync()).Any(target => target.Name == added.Host.Name && target.IsHealthy),
                TimeSpan.FromSeconds(60), $"{added.Host.Name} to turn healthy", () => "not yet");
            joining.Stop();
            await WebStack.Local.Processes.Eventually.TrueAsync(() => Task.FromResult(topology.LoadBalancer.Requests().Any(request => request.Server == added.Host.Name)),
                TimeSpan.FromSeconds(30), $"{added.Host.Name} to get requests", () => "none yet");
        }
        finally
        {
            await load.StopAsync();
        }

        try
        {
            Assert.NotNull(added.Server);
            Assert.Equal(current.Name, added.Release.Name);
            Assert.Equal(recorded, await topology.Database.QueryAsync($"SELECT count(*) FROM {ReleasePhase.Table}"));
            var said = await File.ReadAllTextAsync(Path.Combine(topology.Run.Path, "logs", $"release-{added.Host.Name}-default.log"));
            Assert.Contains("already released (by ", said);
            Assert.DoesNotContain("running the release command", said);
            var failed = topology.LoadBalancer.Requests().Where(request => request.Failed).ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} requests failed:\n{string.Join('\n', failed.Take(20))}");
            output.WriteLine($"scale-out: {added.Host.Name} joined with release {current.Name} and turned healthy in {joining.Elapsed.TotalSeconds:F1} s, running no migration; "
                + $"{topology.LoadBalancer.Requests().Count} requests answered, {topology.LoadBalancer.Requests().Count(request => request.Server == added.Host.Name)} of them by it, 0 failed");
        }
        finally
        {
            await topology.TerminateServerAsync(added);
        }
    }

    /// <summary>The Java example with <paramref name="migrations"/> added, staged into the topology as a release of every site.</summary>
    private static async Task<ServerRelease> ReleaseAsync(TopologyRehearsal topology, string name, IReadOnlyDictionary<string, string> migrations)
    {
        var folder = Path.Combine(topology.Run.Sub("builds"), name);
        Directory.CreateDirectory(folder);
        await JavaNotes.BuildAsync(Path.Combine(folder, JavaNotes.JarName), migrations);
        var current = topology.ServerHosts[0].Release.For("default");
        var built = new BuiltApp(topology.Plan.Settings.App, folder, current.Start);
        return await AppBuild.StageAsync(new StackBuild(topology.Plan.Server.Sites.ToDictionary(site => site.Name, _ => built)), topology.Run, content => $"{content}.{name}");
    }

    // The notes table's columns and the migrations recorded: what a failed migration must not change.
    private static async Task<string> SchemaAsync(TopologyRehearsal topology) =>
        await topology.Database.QueryAsync("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'notes'")
        + "|" + await topology.Database.QueryAsync("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations");
}
