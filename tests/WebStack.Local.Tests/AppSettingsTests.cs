// The published app refuses a bad environment before it listens, naming every problem at once.
using WebStack.Core.Servers;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class AppSettingsTests
{
    [Fact]
    public async Task A_bad_environment_is_refused_with_every_problem_and_the_app_never_listens()
    {
        var publish = await AppBuild.PublishAsync(TestProject.RepositoryRoot, TextWriter.Null);
        var port = LocalPorts.AnyFree();
        var command = new CommandSpec(Path.Combine(publish, AppPackage.ExecutableName), [])
        {
            Environment = new Dictionary<string, string>
            {
                [AppEnvironment.Urls] = $"http://127.0.0.1:{port};ftp://127.0.0.1:21",
                [AppEnvironment.DbHost] = "127.0.0.1",
                [AppEnvironment.DbPort] = "five-four-three-two",
                [AppEnvironment.DbSslMode] = "sometimes",
            },
        };

        var result = await ProgramRunner.RunAsync(command, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ftp://127.0.0.1:21", result.Output);
        Assert.Contains($"{AppEnvironment.DbPort}", result.Output);
        Assert.Contains("five-four-three-two", result.Output);
        Assert.Contains($"{AppEnvironment.DbName} is not set", result.Output);
        Assert.Contains($"{AppEnvironment.DbUser} is not set", result.Output);
        Assert.Contains("sometimes", result.Output);
        Assert.True(LocalPorts.IsFree(System.Net.IPAddress.Loopback, port));
    }

    public static TheoryData<string, string?, string> UnverifiableSettings => new()
    {
        { "verify-full", null, $"{AppEnvironment.DbSslRootCert} is not set" },
        { "verify-ca", null, $"{AppEnvironment.DbSslRootCert} is not set" },
        { "verify-full", "/nonexistent/rds-ca.pem", "\"/nonexistent/rds-ca.pem\": no such file" },
        { "verify-full", "/etc/hostname", "holds no PEM certificate" },
        { "require", "/etc/hostname", "never checks the database's certificate" },
    };

    [Theory]
    [MemberData(nameof(UnverifiableSettings))]
    public async Task An_unverifiable_database_setting_stops_the_app_saying_why(string mode, string? rootCertificate, string why)
    {
        var publish = await AppBuild.PublishAsync(TestProject.RepositoryRoot, TextWriter.Null);
        var port = LocalPorts.AnyFree();
        var environment = new Dictionary<string, string>
        {
            [AppEnvironment.Urls] = $"http://127.0.0.1:{port}",
            [AppEnvironment.DbHost] = "127.0.0.1",
            [AppEnvironment.DbName] = "webstack",
            [AppEnvironment.DbUser] = "webstack",
            [AppEnvironment.DbSslMode] = mode,
        };
        if (rootCertificate is not null)
        {
            environment[AppEnvironment.DbSslRootCert] = rootCertificate;
        }

        var result = await ProgramRunner.RunAsync(new CommandSpec(Path.Combine(publish, AppPackage.ExecutableName), []) { Environment = environment },
            timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(why, result.Output, StringComparison.Ordinal);
        Assert.True(LocalPorts.IsFree(System.Net.IPAddress.Loopback, port));
    }
}
