// A PostgreSQL cluster that stands in for RDS: created in the run's directory with the database and user the servers
// expect, password authentication over TCP like RDS, and deleted with the run. PostgreSQL refuses to run as root, so
// when this runs as root the cluster belongs to the postgres account.
using System.Globalization;
using System.Net;
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

    private ThrowawayPostgres(RunDirectory run, HostContext host, IPAddress address, int port, string binDirectory, string directory, string? account, string password)
    {
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

    /// <summary>The environment an app process needs to reach this database (the same names the servers' env file has).</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment() => new Dictionary<string, string>
    {
        [WebStack.Core.Servers.AppEnvironment.DbHost] = Address.ToString(),
        [WebStack.Core.Servers.AppEnvironment.DbPort] = Port.ToString(CultureInfo.InvariantCulture),
        [WebStack.Core.Servers.AppEnvironment.DbName] = DatabaseAccess.DatabaseName,
        [WebStack.Core.Servers.AppEnvironment.DbUser] = DatabaseAccess.Username,
        [WebStack.Core.Servers.AppEnvironment.DbPassword] = Password,
        [WebStack.Core.Servers.AppEnvironment.DbSslMode] = "disable",
    };

    /// <param name="remoteClients">Ranges that may log in with the password besides loopback (the topology's servers connect
    /// from their own addresses); null allows loopback only.</param>
    public static async Task<ThrowawayPostgres> StartAsync(RunDirectory run, HostContext host, IPAddress address, int port, IReadOnlyList<IPNetwork>? remoteClients = null)
    {
        var binDirectory = Path.GetDirectoryName(RequiredProgram.Postgres.Require())!;
        var account = Environment.IsPrivilegedProcess ? await RequireAccountAsync() : null;
        var directory = run.Sub("postgres");
        var password = string.Concat(Enumerable.Range(0, 24).Select(_ => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Random.Shared.Next(56)]));
        var database = new ThrowawayPostgres(run, host, address, port, binDirectory, directory, account, password);
        await database.InitializeAsync(directory);
        if (remoteClients is { Count: > 0 })
        {
            await File.AppendAllLinesAsync(Path.Combine(database._dataDirectory, "pg_hba.conf"),
                remoteClients.Select(range => $"host all all {range} scram-sha-256"));
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
            // Throw-away data: durability buys nothing here and slows every write.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=400");
        _server = ChildProcess.Start($"postgres on {_host.Name}", command, Path.Combine(_run.Path, "logs", $"postgres-{_host.Name}.log"));
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
