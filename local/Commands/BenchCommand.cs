// `webstack bench [<stack>]`: measures, with wrk on loopback, what nginx costs and buys in front of the app:
// (a) straight to one app process, (b) through nginx with upstream keepalive, (c) through nginx without it, on a
// trivial endpoint and on the app's real page (a database write), and nginx over 1 vs N processes. Writes a
// markdown report with the machine it ran on; ratios are what to compare, as they come from one run.
using System.Globalization;
using System.Net;
using System.Text;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Local.Benchmark;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Commands;

public static class BenchCommand
{
    private const int Connections = 64;
    private const int Threads = 2;

    public static async Task<int> RunAsync(StackFiles files, string stack, int seconds, string output)
    {
        var plan = PlanCommand.Load(files, stack);
        await ProgramInstaller.EnsureAsync([.. ServerRehearsal.Programs, RequiredProgram.Wrk, RequiredProgram.PgBench], Console.Out);
        var build = await AppBuild.BuildAsync(plan, files.ProjectDirectory, Console.Out);
        var processes = Math.Max(2, plan.Settings.Fleet.AppProcesses);

        var run = RunDirectory.Create("bench");
        try
        {
            // The stack's own app, with its database as a server has it: TLS, verified.
            using var certificates = RehearsalCertificates.Create(run);
            await using var database = await ThrowawayPostgres.StartAsync(run, HostContext.ThisMachine, IPAddress.Loopback, LocalPorts.AnyFree(),
                tls: certificates.ForDatabase(IPAddress.Loopback, "localhost"));
            var release = await AppBuild.StageAsync(new StackBuild(new Dictionary<string, BuiltApp> { [AppSite.DefaultName] = build.For(AppSite.DefaultName) }), run);
            var app = plan.Settings.App;
            var basePort = LocalPorts.FreeRange(processes);
            var all = new ServerPlan(stack, AppSite.For(processes, [], basePort, app), plan.Settings.HealthCheck.Path);
            var one = new ServerPlan(stack, [new AppSite(AppSite.DefaultName, null, [basePort], app)], plan.Settings.HealthCheck.Path);
            ServerLayout Layout(string name) => NginxServer.LayoutFor(run.Sub($"server-{name}"), IPAddress.Loopback, LocalPorts.AnyFree(), [new IPNetwork(IPAddress.Loopback, 32)], loadBalancerSetsRequestId: false);
            var appsLayout = Layout("apps");
            await LocalServer.PrepareAsync(run, HostContext.ThisMachine, all, appsLayout, release, database.AppEnvironment(), Console.Out);
            await using var apps = await AppProcessGroup.StartAsync(run, HostContext.ThisMachine, all, appsLayout, release, database.AppEnvironment(), Console.Out);

            async Task<NginxServer> Nginx(string name, ServerPlan serverPlan, NginxTuning tuning)
            {
                var layout = Layout(name) with { SitesDirectory = appsLayout.SitesDirectory };
                return await NginxServer.StartAsync(run, new HostContext(name, null), serverPlan, layout, tuning);
            }

            await using var keepalive = await Nginx("keepalive", one, NginxTuning.Default);
            await using var noKeepalive = await Nginx("no-keepalive", one, NginxTuning.Default with { UpstreamKeepalive = 0 });
            await using var keepaliveAll = await Nginx("keepalive-all", all, NginxTuning.Default);

            string Url(NginxServer nginx, string path) => $"http://127.0.0.1:{nginx.Layout.ListenPort}{path}";
            var direct = $"http://127.0.0.1:{basePort}";
            var cases = new List<(string Name, string Path, string Url)>();
            foreach (var path in new[] { "/hello", "/" })
            {
                cases.Add(("a. straight to 1 process", path, direct + path));
                cases.Add(("b. nginx -> 1 process, keepalive", path, Url(keepalive, path)));
                cases.Add(("c. nginx -> 1 process, no keepalive", path, Url(noKeepalive, path)));
                cases.Add(($"d. nginx -> {processes} processes, keepalive", path, Url(keepaliveAll, path)));
            }

            var results = new List<(string Name, string Path, WrkResult Result)>();
            foreach (var (name, path, url) in cases)
            {
                // A short warm-up lets the JIT and the connection pools settle before the measured run.
                await Wrk(url, 2);
                var result = await Wrk(url, seconds);
                Console.Out.WriteLine($"{path,-7} {name,-38} {result.RequestsPerSecond,10:F0} req/s  p99 {result.P99Milliseconds,8:F2} ms  errors {result.Errors}");
                if (result.Errors > 0)
                {
                    Console.Out.WriteLine(LogTails(run));
                }
                results.Add((name, path, result));
            }

            // The write path alone, against durable commits: what the fleet's writes would queue behind on RDS.
            var writes = await WritePathBenchmark.RunAsync(run, seconds, Console.Out);
            var report = Report(results, processes, seconds) + WriteReport(writes, seconds);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, report);
            Console.Out.WriteLine();
            Console.Out.Write(report);
            Console.Out.WriteLine($"written to {output}");
        }
        finally
        {
            run.Remove();
        }

        return ExitCodes.Success;
    }

    private static async Task<WrkResult> Wrk(string url, int seconds)
    {
        var text = await ProgramRunner.RunCheckedAsync(
            CommandSpec.Of("wrk", $"-t{Threads}", $"-c{Connections}", $"-d{seconds}s", "--latency", url), $"wrk on {url}",
            timeout: TimeSpan.FromSeconds(seconds + 60));
        return WrkResult.Parse(text);
    }

    private static string Report(List<(string Name, string Path, WrkResult Result)> results, int processes, int seconds)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line("# Benchmark: nginx in front of the app");
        Line();
        Line($"Measured {DateTime.UtcNow:yyyy-MM-dd} with `webstack bench` (wrk, {Threads} threads, {Connections} connections, {seconds} s per case after a 2 s warm-up, loopback only).");
        Line($"Machine: {MachineDescription()}. nginx, the app, PostgreSQL and wrk share its cores, so absolute numbers are low; compare the ratios.");
        Line();
        Line("| endpoint | case | req/s | p99 ms | errors | vs a |");
        Line("|---|---|---:|---:|---:|---:|");
        foreach (var path in results.Select(result => result.Path).Distinct())
        {
            var baseline = results.First(result => result.Path == path).Result.RequestsPerSecond;
            foreach (var (name, _, result) in results.Where(result => result.Path == path))
            {
                Line(FormattableString.Invariant($"| `{path}` | {name} | {result.RequestsPerSecond:F0} | {result.P99Milliseconds:F2} | {result.Errors} | {result.RequestsPerSecond / baseline:F2}x |"));
            }
        }

        Line();
        Line("Targets (ratios from this one run):");
        double Rate(string path, string letter) =>
            results.First(result => result.Path == path && result.Name.StartsWith(letter, StringComparison.Ordinal)).Result.RequestsPerSecond;
        string Verdict(double ratio, double target) => FormattableString.Invariant($"{ratio:F2} (target >= {target:F2}: {(ratio >= target ? "met" : "missed")})");
        Line($"- `/hello`: b/a = {Verdict(Rate("/hello", "b.") / Rate("/hello", "a."), 0.45)}; b/c = {Verdict(Rate("/hello", "b.") / Rate("/hello", "c."), 3)}");
        Line($"- `/`: b/a = {Verdict(Rate("/", "b.") / Rate("/", "a."), 0.8)}; b/c = "
            + FormattableString.Invariant($"{Rate("/", "b.") / Rate("/", "c."):F2} (each request is a database write over verified TLS, which dominates; how nginx reaches the app matters less)"));
        Line(FormattableString.Invariant($"- 1 vs {processes} processes (b vs d): `/hello` {Rate("/hello", "d.") / Rate("/hello", "b."):F2}x, `/` {Rate("/", "d.") / Rate("/", "b."):F2}x. ")
            + $"On {Environment.ProcessorCount} cores that nginx, wrk and PostgreSQL share, more processes add no throughput: one Kestrel process already uses every core. "
            + "They buy isolation (a crash or a restart costs no request, see the rehearsal tests) and rolling restarts.");
        return text.ToString();
    }

    private static string WriteReport(IReadOnlyList<WritePathResult> results, int seconds)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line();
        Line($"## The write path of `/`, against durable commits");
        Line();
        Line($"pgbench, {seconds} s per case, on a throw-away PostgreSQL whose commits wait for the disk (fsync and synchronous_commit on, as on RDS): "
            + "the counter row every visit updated before, against the row per visit the sample inserts now.");
        Line();
        Line("| concurrent writers | counter row (before): commits/s | row per visit (now): commits/s | now / before |");
        Line("|---:|---:|---:|---:|");
        foreach (var clients in WritePathBenchmark.Clients)
        {
            var before = results.Single(result => result.Clients == clients && result.Statement == WritePathBenchmark.CounterRow);
            var now = results.Single(result => result.Clients == clients && result.Statement == WritePathBenchmark.RowPerVisit);
            Line(FormattableString.Invariant($"| {clients} | {before.TransactionsPerSecond:F0} ({before.LatencyMilliseconds:F2} ms) | {now.TransactionsPerSecond:F0} ({now.LatencyMilliseconds:F2} ms) | {now.TransactionsPerSecond / before.TransactionsPerSecond:F2}x |"));
        }

        return text.ToString();
    }

    /// <summary>The end of every log of the run, to tell why requests failed.</summary>
    private static string LogTails(RunDirectory run) =>
        string.Join('\n', Directory.EnumerateFiles(run.Path, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => $"  {Path.GetRelativePath(run.Path, path)}:\n" + string.Join('\n', File.ReadLines(path).TakeLast(5).Select(line => "    " + line))));

    private static string MachineDescription()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
