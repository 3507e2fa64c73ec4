// The published sample refuses a bad environment before it listens, naming every problem at once: it reads the app
// contract's variables only (its connection string among them), as any app of the stack would.
using WebStack.Core.Apps;
using WebStack.Local.Processes;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class AppSettingsTests
{
    private static async Task<CommandResult> RunSampleAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var sample = await SampleBuild.AppAsync();
        var command = new CommandSpec(Path.Combine(sample.Directory, sample.Start.PackagePath), arguments) { Environment = environment, WorkingDirectory = sample.Directory };
        return await ProgramRunner.RunAsync(command, timeout: TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_bad_environment_is_refused_with_every_problem_and_the_app_never_listens()
    {
        var port = LocalPorts.AnyFree();

        var result = await RunSampleAsync(new Dictionary<string, string>
        {
            [AppContract.AspNetCoreUrls] = $"http://127.0.0.1:{port};ftp://127.0.0.1:21",
            [DatabaseEnvironment.ConnectionString] = "Host=127.0.0.1;Port=5432;SSL Mode=Disable",
            [AppContract.ShutdownSeconds] = "forever",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ftp://127.0.0.1:21", result.Output);
        Assert.Contains($"{DatabaseEnvironment.ConnectionString} has no Database", result.Output);
        Assert.Contains($"{DatabaseEnvironment.ConnectionString} has no Username", result.Output);
        Assert.Contains($"{AppContract.ShutdownSeconds} is \"forever\"", result.Output);
        Assert.True(LocalPorts.IsFree(System.Net.IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Without_its_connection_string_the_app_says_which_variable_and_what_it_holds()
    {
        var result = await RunSampleAsync(new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{DatabaseEnvironment.ConnectionString} is not set: it must be the database's Npgsql connection string", result.Output);
    }

    [Fact]
    public async Task A_connection_string_npgsql_cant_read_is_refused_without_repeating_it()
    {
        var result = await RunSampleAsync(new Dictionary<string, string> { [DatabaseEnvironment.ConnectionString] = "Host=db;Password=hunter2;NoSuchKeyword=1" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{DatabaseEnvironment.ConnectionString} is not a connection string Npgsql can read", result.Output);
        Assert.DoesNotContain("hunter2", result.Output);
    }

    public static TheoryData<string, string?, string> UnverifiableSettings => new()
    {
        { "VerifyFull", null, "has SSL Mode=VerifyFull, which checks the database's certificate against the authority that signed it, but no Root Certificate" },
        { "VerifyCA", null, "has SSL Mode=VerifyCA, which checks" },
        { "VerifyFull", "/nonexistent/rds-ca.pem", "has Root Certificate=\"/nonexistent/rds-ca.pem\": no such file" },
        { "VerifyFull", "/etc/hostname", "holds no PEM certificate" },
        { "Require", "/etc/hostname", "never checks the database's certificate" },
    };

    [Theory]
    [MemberData(nameof(UnverifiableSettings))]
    public async Task An_unverifiable_database_setting_stops_the_app_saying_why(string mode, string? rootCertificate, string why)
    {
        var port = LocalPorts.AnyFree();
        var connection = $"Host=127.0.0.1;Database=webstack;Username=webstack;SSL Mode={mode}" + (rootCertificate is null ? "" : $";Root Certificate={rootCertificate}");

        var result = await RunSampleAsync(new Dictionary<string, string>
        {
            [AppContract.AspNetCoreUrls] = $"http://127.0.0.1:{port}",
            [DatabaseEnvironment.ConnectionString] = connection,
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(why, result.Output, StringComparison.Ordinal);
        Assert.True(LocalPorts.IsFree(System.Net.IPAddress.Loopback, port));
    }

    [Fact]
    public async Task The_release_command_against_a_database_that_isnt_there_fails_saying_nothing_was_applied()
    {
        var port = LocalPorts.AnyFree();

        var result = await RunSampleAsync(new Dictionary<string, string>
        {
            [DatabaseEnvironment.ConnectionString] = $"Host=127.0.0.1;Port={port};Database=webstack;Username=webstack;Password=x;SSL Mode=Disable;Timeout=2",
        }, "--migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the schema was not applied (nothing of it was, the change runs in one transaction)", result.Output);
    }

    [Fact]
    public void The_sample_reads_only_variables_of_the_app_contract()
    {
        // Every environment variable name the sample's sources mention is one the contract gives every app.
        var sources = Directory.EnumerateFiles(Path.Combine(TestProject.RepositoryRoot, "app", "WebStack.App"), "*.cs").Select(File.ReadAllText);
        var read = sources.SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, "\"([A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+)\"").Select(match => match.Groups[1].Value))
            .Where(name => name.Contains('_') && name.ToUpperInvariant() == name || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .ToHashSet();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Contains(name, AppContract.ReservedNames));
        Assert.DoesNotContain("WebStack.Core", File.ReadAllText(Path.Combine(TestProject.RepositoryRoot, "app", "WebStack.App", "WebStack.App.csproj")));
    }
}
