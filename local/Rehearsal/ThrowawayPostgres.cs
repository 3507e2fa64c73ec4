// A PostgreSQL cluster that stands in for RDS: created in the run's directory with the database and user the servers
// expect, password authentication over TCP like RDS, and deleted with the run. PostgreSQL refuses to run as root, so
// when this runs as root the cluster belongs to the postgres account. With a certificate (from the run's throw-away
// authority) it serves TLS and, like RDS with rds.force_ssl, refuses TCP connections without it; the app is then told
// to connect with verify-full, trusting that authority alone.
using System.Globalization;
using System.Net;
using WebStack.Core.Apps;
using WebStack.Core.Database;
using WebStack.Local.Processes;

namespace WebStack.Local.Rehearsal;

public sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string SystemAccount = "postgres";

    private readonly RunDirectory _run;
    private readonly HostContext _host;
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string _socketDirectory;
    private readonly string? _account;
    private ChildProcess? _server;

    private readonly DatabaseTls? _tls;
    private readonly bool _durable;

    private ThrowawayPostgres(RunDirectory run, HostContext host, IPAddress address, int port, string binDirectory, string directory, string? account, string password,
        DatabaseTls? tls, bool durable)
    {
        _tls = tls;
        _durable = durable;
        _run = run;
        _host = host;
        Address = address;
        Port = port;
        _binDirectory = binDirectory;
        _dataDirectory = Path.Combine(directory, "cluster");
        _socketDirectory = Path.Combine(directory, "socket");
        _account = account;
        Password = password;
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public string Password { get; }

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Whether it serves TLS (and refuses TCP connections without it).</summary>
    public bool ServesTls => _tls is not null;

    private string CertificatePath => Path.Combine(Path.GetDirectoryName(_dataDirectory)!, "server.crt");

    private string KeyPath => Path.Combine(Path.GetDirectoryName(_dataDirectory)!, "server.key");

    /// <summary>The database as an app finds it, verifying its certificate against the run's throw-away authority.</summary>
    public DatabaseEndpoint Endpoint() => _tls is null
        ? throw new InvalidOperationException("the app contract's database is TLS with verify-full; start the throw-away PostgreSQL with a certificate")
        : new DatabaseEndpoint(Address.ToString(), Port, DatabaseAccess.DatabaseName, DatabaseAccess.Username, Password, _tls.TrustedCaFile);

    /// <summary>The database's variables of the app contract, in every form (the same names and values the servers' env file has).</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment() =>
        DatabaseEnvironment.For(Endpoint()).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <param name="remoteClients">Ranges that may log in with the password besides loopback (the topology's servers connect
    /// from their own addresses); null allows loopback only.</param>
    /// <param name="tls">The certificate to serve TLS with and the authority file clients verify it by; null serves plain TCP.</param>
    /// <param name="durable">Commits wait for the WAL to reach the disk, as on RDS (a benchmark of writes needs it); the
    /// rehearsals' data is thrown away, so they skip that wait.</param>
    /// <param name="name">Its folder in the run (and its log's name): a run with two databases names them apart.</param>
    public static async Task<ThrowawayPostgres> StartAsync(RunDirectory run, HostContext host, IPAddress address, int port, IReadOnlyList<IPNetwork>? remoteClients = null,
        DatabaseTls? tls = null, bool durable = false, string name = "postgres")
    {
        var binDirectory = Path.GetDirectoryName(RequiredProgram.Postgres.Require())!;
        var account = Environment.IsPrivilegedProcess ? await RequireAccountAsync() : null;
        var directory = run.Sub(name);
        var password = string.Concat(Enumerable.Range(0, 24).Select(_ => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Random.Shared.Next(56)]));
        var database = new ThrowawayPostgres(run, host, address, port, binDirectory, directory, account, password, tls, durable);
        await database.InitializeAsync(directory);
        var hba = Path.Combine(database._dataDirectory, "pg_hba.conf");
        if (remoteClients is { Count: > 0 })
        {
            await File.AppendAllLinesAsync(hba, remoteClients.Select(range => $"host all all {range} scram-sha-256"));
        }

        if (tls is not null)
        {
            // Every TCP line takes TLS only (hostssl), as RDS's rds.force_ssl makes its pg_hba; the local socket stays.
            var lines = await File.ReadAllLinesAsync(hba);
            await File.WriteAllLinesAsync(hba, lines.Select(line => line.StartsWith("host ", StringComparison.Ordinal) ? "hostssl" + line[4..] : line));
            await database.InstallCertificateAsync(tls.Certificate);
        }

        await database.StartAsync();
        await ProgramRunner.RunCheckedAsync(
            database.Command("createdb", "-h", database._socketDirectory, "-p", port.ToString(CultureInfo.InvariantCulture), "-U", DatabaseAccess.Username, DatabaseAccess.DatabaseName),
            "creating the database");
        return database;
    }

    private static async Task<string> RequireAccountAsync()
    {
        var result = await ProgramRunner.RunAsync(CommandSpec.Of("id", "-u", SystemAccount));
        return result.Succeeded
            ? SystemAccount
            : throw new UserFacingException($"PostgreSQL refuses to run as root and this machine has no {SystemAccount} account to run it as; install postgresql (apt-get install postgresql) or run as a normal user");
    }

    private CommandSpec Command(string program, params string[] arguments)
    {
        var command = new CommandSpec(Path.Combine(_binDirectory, program), arguments) { WorkingDirectory = Path.GetDirectoryName(_dataDirectory) };
        return _host.Wrap(_account is null ? command : command.AsUser(_account));
    }

    private async Task InitializeAsync(string directory)
    {
        Directory.CreateDirectory(_socketDirectory);
        var passwordFile = Path.Combine(directory, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_account is not null)
        {
            await ProgramRunner.RunCheckedAsync(CommandSpec.Of("chown", "-R", $"{_account}:{_account}", directory), $"giving {directory} to {_account}");
        }

        await ProgramRunner.RunCheckedAsync(
            Command("initdb", "-D", _dataDirectory, "-U", DatabaseAccess.Username, $"--pwfile={passwordFile}",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"),
            "creating the PostgreSQL cluster (initdb)", timeout: TimeSpan.FromMinutes(2));
        File.Delete(passwordFile);
    }

    /// <summary>Starts (or starts again) the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var command = Command("postgres", "-D", _dataDirectory,
            "-c", $"listen_addresses={Address}",
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", $"unix_socket_directories={_socketDirectory}",
            "-c", "max_connections=400");
        if (!_durable)
        {
            // Throw-away data: durability buys nothing here and slows every write.
            command = command with { Arguments = [.. command.Arguments, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] };
        }
        if (_tls is not null)
        {
            command = command with { Arguments = [.. command.Arguments, "-c", "ssl=on", "-c", $"ssl_cert_file={CertificatePath}", "-c", $"ssl_key_file={KeyPath}"] };
        }

        _server = ChildProcess.Start($"postgres on {_host.Name}", command, Path.Combine(_run.Path, "logs", $"{Path.GetFileName(Path.GetDirectoryName(_dataDirectory))}-{_host.Name}.log"));
        _run.Record(_server, "postgres");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new UserFacingException($"PostgreSQL exited (code {_server.ExitCode}) while starting; its output:\n{_server.LogTail()}");
            }

            var ready = await ProgramRunner.RunAsync(Command("pg_isready", "-q", "-h", _socketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", DatabaseAccess.Username, "-d", "postgres"));
            if (ready.Succeeded)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new UserFacingException($"PostgreSQL did not accept connections within 30 s; its output:\n{_server.LogTail()}");
    }

    /// <summary>
    /// Serves <paramref name="certificate"/> from now on: the files replaced, the server told to reload them (SIGHUP),
    /// and the app's open sessions ended, so its next connections meet the new certificate.
    /// </summary>
    public async Task ServeCertificateAsync(IssuedCertificate certificate)
    {
        if (_tls is null || _server is null)
        {
            throw new InvalidOperationException("this database doesn't serve TLS, or isn't running");
        }

        await InstallCertificateAsync(certificate);
        Signals.Send(_server.Pid, Signals.SigHup);
        // Until the server has read them, new sessions may still get the old certificate; the app's reconnects show which.
        await ProgramRunner.RunCheckedAsync(
            Command("psql", "-h", _socketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", DatabaseAccess.Username, "-d", "postgres", "-Atq",
                "-c", "SELECT pg_reload_conf()",
                "-c", $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{DatabaseAccess.Username}' AND pid <> pg_backend_pid()"),
            "ending the app's database sessions");
    }

    /// <summary>What psql prints for <paramref name="sql"/>, run over the local socket as the database's user.</summary>
    public async Task<string> QueryAsync(string sql) =>
        (await ProgramRunner.RunCheckedAsync(
            Command("psql", "-h", _socketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", DatabaseAccess.Username, "-d", DatabaseAccess.DatabaseName, "-Atq", "-c", sql),
            "querying the database")).Trim();

    /// <summary>A client program of PostgreSQL's (pgbench, say) run over the local socket as the database's user, with <paramref name="arguments"/> after the connection's.</summary>
    public Task<CommandResult> RunClientAsync(string program, TimeSpan timeout, params string[] arguments) =>
        ProgramRunner.RunAsync(Command(program, ["-h", _socketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", DatabaseAccess.Username, .. arguments]), timeout: timeout);

    /// <summary>Where a file must be for the server's account to read it (the run's database directory).</summary>
    public string FilePath(string name) => Path.Combine(Path.GetDirectoryName(_dataDirectory)!, name);

    /// <summary>psql connecting over TCP from this host with <paramref name="sslMode"/>: what it said, and whether it got in.</summary>
    public Task<CommandResult> ConnectOverTcpAsync(string sslMode) =>
        ProgramRunner.RunAsync(_host.Wrap(
            new CommandSpec(Path.Combine(_binDirectory, "psql"),
                [$"host={Address} port={Port.ToString(CultureInfo.InvariantCulture)} dbname={DatabaseAccess.DatabaseName} user={DatabaseAccess.Username} sslmode={sslMode} connect_timeout=5", "-Atc", "SELECT 1"])
            {
                Environment = new Dictionary<string, string> { ["PGPASSWORD"] = Password },
            }));

    /// <summary>The server's key must be owned by the account the server runs as and readable by it alone.</summary>
    private async Task InstallCertificateAsync(IssuedCertificate certificate)
    {
        certificate.WriteTo(CertificatePath, KeyPath);
        if (_account is not null)
        {
            await ProgramRunner.RunCheckedAsync(CommandSpec.Of("chown", $"{_account}:{_account}", CertificatePath, KeyPath), $"giving the certificate to {_account}");
        }
    }

    /// <summary>Stops the server (fast shutdown: open connections are closed); the data stays for a later start.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(Signals.SigInt, TimeSpan.FromSeconds(15));
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <param name="Certificate">What the server presents (from the run's throw-away authority).</param>
/// <param name="TrustedCaFile">The authority file the app verifies it by (PGSSLROOTCERT, and the root certificate of every other form).</param>
public sealed record DatabaseTls(IssuedCertificate Certificate, string TrustedCaFile);
