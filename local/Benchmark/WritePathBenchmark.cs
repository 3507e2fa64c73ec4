// The sample's write path alone, against a PostgreSQL whose commits wait for the disk as RDS's do: the counter row
// every visit updated (one row lock that every writer of the fleet waits for, held until its commit is on disk)
// against the row per visit it inserts now (a sequence, no lock shared between writers), each run by pgbench at a
// growing number of concurrent writers. On one machine with the data thrown away (fsync off) the two look alike;
// with durable commits the counter row serializes them.
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Benchmark;

public sealed record WritePathResult(string Statement, int Clients, double TransactionsPerSecond, double LatencyMilliseconds);

public static partial class WritePathBenchmark
{
    public static readonly int[] Clients = [1, 8, 32];

    public const string CounterRow = "counter row (before)";
    public const string RowPerVisit = "row per visit (now)";

    private const string CounterSql = "INSERT INTO site_visits AS v (site, visits) VALUES ('default', 1) ON CONFLICT (site) DO UPDATE SET visits = v.visits + 1, last_visit = now() RETURNING v.visits;";
    private const string InsertSql = "INSERT INTO visits (site, server, release) VALUES ('default', 'bench', 'bench') RETURNING id;";

    [GeneratedRegex(@"tps = (?<tps>[0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = (?<ms>[0-9.]+) ms")]
    private static partial Regex Latency();

    public static async Task<IReadOnlyList<WritePathResult>> RunAsync(RunDirectory run, int seconds, TextWriter progress)
    {
        await using var database = await ThrowawayPostgres.StartAsync(run, HostContext.ThisMachine, IPAddress.Loopback, LocalPorts.AnyFree(), durable: true, name: "postgres-durable");
        await database.QueryAsync("""
            CREATE TABLE site_visits (site text PRIMARY KEY, visits bigint NOT NULL, last_visit timestamptz NOT NULL DEFAULT now());
            CREATE TABLE visits (id bigserial PRIMARY KEY, site text NOT NULL, server text NOT NULL, release text NOT NULL, visited_at timestamptz NOT NULL DEFAULT now())
            """);
        var scripts = new[] { (CounterRow, CounterSql), (RowPerVisit, InsertSql) };
        var results = new List<WritePathResult>();
        foreach (var clients in Clients)
        {
            foreach (var (name, sql) in scripts)
            {
                var file = database.FilePath($"bench-{results.Count}.sql");
                await File.WriteAllTextAsync(file, sql + "\n");
                File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
                var threads = Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
                var result = await database.RunClientAsync("pgbench", TimeSpan.FromSeconds(seconds + 60),
                    "-n", "-M", "prepared", "-f", file, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads, "-T", seconds.ToString(CultureInfo.InvariantCulture), "webstack");
                var tps = Tps().Match(result.Output);
                var latency = Latency().Match(result.Output);
                if (!result.Succeeded || !tps.Success)
                {
                    throw new UserFacingException($"pgbench failed for {name} at {clients} clients:\n{result.Output}");
                }

                var measured = new WritePathResult(name, clients, double.Parse(tps.Groups["tps"].Value, CultureInfo.InvariantCulture),
                    latency.Success ? double.Parse(latency.Groups["ms"].Value, CultureInfo.InvariantCulture) : double.NaN);
                progress.WriteLine(FormattableString.Invariant($"write path  {name,-22} {clients,3} writers  {measured.TransactionsPerSecond,9:F0} commits/s  {measured.LatencyMilliseconds,7:F2} ms"));
                results.Add(measured);
            }
        }

        return results;
    }
}
