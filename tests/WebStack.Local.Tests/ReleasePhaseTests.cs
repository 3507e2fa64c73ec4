// The release phase for real, against a throw-away PostgreSQL over verified TLS, as new servers run it at boot: two
// servers booting together run a release's command once between them, a failure is recorded and tried again by the
// next server, a command that overruns its time is stopped, and a migration that fails in its one transaction
// leaves the schema as it was.
using System.Net;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class ReleasePhaseTests : IAsyncLifetime
{
    private RunDirectory? _run;
    private RehearsalCertificates? _certificates;
    private ThrowawayPostgres? _database;
    private string? _skip;

    public async Task InitializeAsync()
    {
        _skip = RehearsalFixture.MissingPrograms();
        if (_skip is not null)
        {
            return;
        }

        _run = RunDirectory.Create("release-tests");
        _certificates = RehearsalCertificates.Create(_run);
        _database = await ThrowawayPostgres.StartAsync(_run, HostContext.ThisMachine, IPAddress.Loopback, LocalPorts.AnyFree(),
            tls: _certificates.ForDatabase(IPAddress.Loopback, "localhost"));
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _certificates?.Dispose();
        _run?.Remove();
    }

    /// <summary>A release whose release command is <paramref name="script"/> (run by bash from the release's folder).</summary>
    private async Task<(ServerPlan Plan, ServerRelease Release)> ReleaseAsync(string name, string script, int timeoutSeconds = 60)
    {
        var folder = Path.Combine(_run!.Sub("builds"), name);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "migrate.sh"), "#!/bin/bash\nset -euo pipefail\n" + script + "\n");
        File.SetUnixFileMode(Path.Combine(folder, "migrate.sh"), (UnixFileMode)0b111_101_101);
        var app = AppSettings.Sample with
        {
            Source = new PackageSource(folder),
            ReleaseCommand = AppCommand.Of("./migrate.sh"),
            ReleaseTimeoutSeconds = timeoutSeconds,
            StaticDirectory = null,
        };
        var plan = new ServerPlan("release-tests", [new AppSite(AppSite.DefaultName, null, [LocalPorts.AnyFree()], app)], "/healthz");
        var release = await AppBuild.StageAsync(folder, AppCommand.Of("./migrate.sh"), _run, name);
        return (plan, new ServerRelease(new Dictionary<string, AppRelease> { [AppSite.DefaultName] = release }));
    }

    /// <summary>One server booting with <paramref name="release"/>: its layout, and its release phase as the user data runs it.</summary>
    private Task BootAsync(string server, ServerPlan plan, ServerRelease release, TextWriter progress)
    {
        var host = new HostContext(server, null);
        var layout = NginxServer.LayoutFor(_run!.Sub($"server-{server}-{release.Name}"), IPAddress.Loopback, LocalPorts.AnyFree(), [], loadBalancerSetsRequestId: false);
        return LocalServer.PrepareAsync(_run, host, plan, layout, release, _database!.AppEnvironment(), progress);
    }

    private Task<string> SqlAsync(string sql) => _database!.QueryAsync(sql);

    [SkippableFact]
    public async Task Two_servers_booting_together_run_a_releases_command_once_between_them()
    {
        Skip.If(_skip is not null, _skip);
        var ran = Path.Combine(_run!.Path, "ran.txt");
        var (plan, release) = await ReleaseAsync("r1", $"echo \"$WEBSTACK_SERVER_ID\" >> '{ran}'\nsleep 2");
        var progress = new StringWriter();

        await Task.WhenAll(BootAsync("s1", plan, release, progress), BootAsync("s2", plan, release, progress));

        Assert.Single(await File.ReadAllLinesAsync(ran));
        var said = progress.ToString();
        Assert.Equal(1, Count(said, "running the release command"));
        Assert.Equal(1, Count(said, "already released (by "));
        Assert.Equal("1", await SqlAsync($"SELECT count(*) FROM {ReleasePhase.Table} WHERE release = 'r1' AND outcome = 'succeeded'"));

        // A later server of the same release (a scale-out, a replacement) finds it done; a new release runs it again.
        await BootAsync("s3", plan, release, progress);
        var (_, next) = await ReleaseAsync("r2", $"echo \"r2 $WEBSTACK_SERVER_ID\" >> '{ran}'");
        await BootAsync("s4", plan, next, progress);
        Assert.Equal(2, (await File.ReadAllLinesAsync(ran)).Length);
        // Only the server that ran a release records it; the others ran nothing.
        var recorded = (await SqlAsync($"SELECT release || '|' || server FROM {ReleasePhase.Table} WHERE outcome = 'succeeded' ORDER BY release")).Split('\n');
        Assert.Equal(2, recorded.Length);
        Assert.Contains(recorded[0], new[] { "r1|s1", "r1|s2" });
        Assert.Equal("r2|s4", recorded[1]);
    }

    [SkippableFact]
    public async Task A_failed_release_is_recorded_with_its_output_and_the_next_server_tries_again()
    {
        Skip.If(_skip is not null, _skip);
        var attempts = Path.Combine(_run!.Path, "attempts.txt");
        var (plan, release) = await ReleaseAsync("flaky", $"echo try >> '{attempts}'\nif [ \"$(wc -l < '{attempts}')\" -lt 2 ]; then echo 'could not reach the payment API' >&2; exit 7; fi");

        var failure = await Assert.ThrowsAsync<UserFacingException>(() => BootAsync("s1", plan, release, TextWriter.Null));
        await BootAsync("s2", plan, release, TextWriter.Null);

        Assert.Contains("the release command failed with exit code 7", failure.Message);
        Assert.Contains("could not reach the payment API", failure.Message);
        Assert.Equal("s1|failed|7|true\ns2|succeeded|0|false", await SqlAsync(
            $"SELECT server || '|' || outcome || '|' || exit_code || '|' || (output LIKE '%payment API%') FROM {ReleasePhase.Table} WHERE release = 'flaky' ORDER BY id"));
    }

    [SkippableFact]
    public async Task A_release_command_that_overruns_its_time_is_stopped_and_the_release_fails()
    {
        Skip.If(_skip is not null, _skip);
        var (plan, release) = await ReleaseAsync("slow", "echo starting a long migration\nsleep 60", timeoutSeconds: 2);

        var failure = await Assert.ThrowsAsync<UserFacingException>(() => BootAsync("s1", plan, release, TextWriter.Null));

        Assert.Contains("the release command did not finish within 2 s and was stopped", failure.Message);
        Assert.Equal("failed|124", await SqlAsync($"SELECT outcome || '|' || exit_code FROM {ReleasePhase.Table} WHERE release = 'slow'"));
    }

    [SkippableFact]
    public async Task A_migration_that_fails_in_its_one_transaction_leaves_the_schema_as_it_was()
    {
        Skip.If(_skip is not null, _skip);
        // The DDL that worked and the statement that failed, in one transaction: PostgreSQL undoes both.
        var (plan, release) = await ReleaseAsync("half", "psql -X -q -v ON_ERROR_STOP=1 --single-transaction -c 'CREATE TABLE orders (id bigserial PRIMARY KEY)' -c 'ALTER TABLE orders ADD COLUMN total numeric' -c 'SELECT 1/0'");

        var failure = await Assert.ThrowsAsync<UserFacingException>(() => BootAsync("s1", plan, release, TextWriter.Null));

        Assert.Contains("division by zero", failure.Message);
        Assert.Equal("", await SqlAsync("SELECT to_regclass('public.orders')"));
    }

    private static int Count(string text, string part) => text.Split('\n').Count(line => line.Contains(part, StringComparison.Ordinal));
}
