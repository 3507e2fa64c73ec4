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
}
