// `webstack hosts deploy` as a user runs it, against a running `webstack hosts up` of the same stack: every step is
// printed as it happens, the servers end up on the new release, the load balancer's view of the deploy is drawn, and
// SIGTERM (what `webstack down` sends) then stops the topology and removes it.
using System.Text.Json;
using WebStack.Local.Commands;
using WebStack.Local.Rehearsal;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

public sealed class HostsDeployCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task HostsDeployReplacesTheRunningTopologysServersWithTheNewBuildAndSaysEachStep()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        await Repo.SampleAsync();
        using var project = new TopoProject(TopoProject.DefaultConfig + "\n  webstack:deregistrationDelaySeconds: 5");
        string? id = null;
        await using (var up = await WebstackCommand.HostsUpAsync(project))
        {
            try
            {
                id = up.RunId;
                Assert.Contains(up.Lines, line => line.Contains($"webstack hosts deploy {TopoProject.Stack}", StringComparison.Ordinal));
                Assert.Contains(up.Lines, line => line.Contains("curl -si http://10.0.128.10/", StringComparison.Ordinal) && line.Contains("X-Request-Id", StringComparison.Ordinal));
                // The alarms' changes of state are printed as they happen, starting with their first evaluation.
                await WebStack.Local.Processes.Eventually.TrueAsync(
                    () => up.Lines.Any(line => System.Text.RegularExpressions.Regex.IsMatch(line,
                        @"^\d\d:\d\d:\d\d\.\d{3} alarm webstack-topo-alarm-unhealthy-hosts INSUFFICIENT_DATA -> OK: Threshold Crossed: ")),
                    TimeSpan.FromSeconds(30), "hosts up to print the unhealthy-host alarm's first state", () => string.Join('\n', up.Lines.TakeLast(10)));

                await using var deploy = WebstackCommand.Start("hosts", "deploy", TopoProject.Stack, "--dir", project.Path);
                var exit = await deploy.ExitCodeAsync(TimeSpan.FromMinutes(5));
                output.WriteLine(deploy.Output);

                Assert.True(exit == 0, $"hosts deploy exited with {exit}:\n{deploy.Output}");
                var steps = deploy.Lines.Where(line => line.Length > 13 && line[2] == ':' && line[5] == ':').Select(line => line[13..]).ToList();
                Assert.StartsWith("deploying release", steps[0], StringComparison.Ordinal);
                // Launch before terminate: each new server is healthy before an old one is drained.
                Assert.True(IndexOf(steps, "s3 healthy") < IndexOf(steps, "drain s1"), string.Join('\n', steps));
                Assert.True(IndexOf(steps, "drain s1") < IndexOf(steps, "s1 stopped"), string.Join('\n', steps));
                Assert.StartsWith("done: every server runs release", steps[^1], StringComparison.Ordinal);
                var chart = deploy.Lines.Last(line => line.EndsWith(".svg", StringComparison.Ordinal)).Split(": ").Last();
                Assert.StartsWith(Path.Combine(project.Path, "artifacts"), chart, StringComparison.Ordinal);
                Assert.True(File.Exists(chart), $"no timeline at {chart}:\n{deploy.Output}");
                Assert.Contains("<svg", await File.ReadAllTextAsync(chart), StringComparison.Ordinal);

                // The servers now answer with the new release.
                var release = steps[^1].Split(' ').Last(word => word.Contains('.', StringComparison.Ordinal));
                var client = $"ws{id}-client";
                var health = await WebStack.Local.Processes.ProgramRunner.RunAsync(WebStack.Local.Processes.CommandSpec.Of("curl", "-s", "--max-time", "10", "http://10.0.128.10/health").InNamespace(client));
                Assert.Equal(release, JsonDocument.Parse(health.Output).RootElement.GetProperty("release").GetString());

                // SIGTERM, as `webstack down` sends it: the topology stops and removes everything, the deploy's servers included.
                await WebStack.Local.Processes.ProgramRunner.RunCheckedAsync(WebStack.Local.Processes.CommandSpec.Of("kill", "-TERM", up.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "stopping hosts up");
                Assert.Equal(0, await up.ExitCodeAsync(TimeSpan.FromMinutes(2)));
                Assert.DoesNotContain(await TopologyCleanup.ListNamespacesAsync(), name => name.StartsWith($"ws{id}-", StringComparison.Ordinal));
                Assert.False(Directory.Exists(Path.Combine(RunDirectory.Root, $"hosts-{id}")));
            }
            finally
            {
                if (id is not null && !up.Process.HasExited)
                {
                    up.Process.Kill();
                    await up.Process.WaitForExitAsync();
                }

                if (id is not null)
                {
                    DownCommand.CleanLeftovers(TextWriter.Null, id);
                }
            }
        }
    }

    [SkippableFact]
    public async Task WithoutARunningTopologyHostsDeploySaysHowToStartOne()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        using var project = new TopoProject();

        await using var deploy = WebstackCommand.Start("hosts", "deploy", TopoProject.Stack, "--dir", project.Path, "--run", "0000");
        var exit = await deploy.ExitCodeAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, exit);
        Assert.Contains("no topology run 0000 is up; `webstack hosts up topo` starts one", deploy.Output, StringComparison.Ordinal);
    }

    private static int IndexOf(List<string> steps, string start) =>
        steps.FindIndex(step => step.StartsWith(start, StringComparison.Ordinal)) is var index and >= 0 ? index : throw new InvalidOperationException($"no step \"{start}...\" in:\n{string.Join('\n', steps)}");
}
