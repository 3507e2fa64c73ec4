// Bad settings and a busy machine are refused before anything starts, and leave nothing behind.
using System.Net;
using System.Net.Sockets;
using WebStack.Local.Commands;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class RefusalTests
{
    [Fact]
    public void A_rehearsal_of_a_stack_with_bad_settings_lists_every_problem_and_starts_nothing()
    {
        using var project = new TestProject().WithStack("bad", """
            config:
              webstack:appProcesses: 0
              webstack:healthCheckPath: /static/health
            """);

        var exception = Assert.Throws<UserFacingException>(() => PlanCommand.Load(StackFiles.Find(project.Directory), "bad"));

        Assert.Contains("2 problems; nothing was started", exception.Message);
        Assert.Contains("appProcesses", exception.Message);
        Assert.Contains("healthCheckPath", exception.Message);
    }

    [SkippableFact]
    public async Task A_taken_nginx_port_is_named_with_what_to_do_and_nothing_is_left_running()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var plan = PlanCommand.Load(StackFiles.Find(TestProject.RepositoryRoot), "dev");
        var runsBefore = Directory.Exists(RunDirectory.Root) ? Directory.GetDirectories(RunDirectory.Root).Length : 0;

        var exception = await Assert.ThrowsAsync<UserFacingException>(() =>
            ServerRehearsal.StartAsync(plan, plan.Server, new StackBuild(new Dictionary<string, WebStack.Core.Apps.BuiltApp>()), port, TextWriter.Null));

        Assert.Contains($"port {port} (nginx) on 127.0.0.1 is taken", exception.Message);
        Assert.Contains("--port", exception.Message);
        Assert.Contains("Nothing was started", exception.Message);
        Assert.Equal(runsBefore, Directory.Exists(RunDirectory.Root) ? Directory.GetDirectories(RunDirectory.Root).Length : 0);
    }
}
