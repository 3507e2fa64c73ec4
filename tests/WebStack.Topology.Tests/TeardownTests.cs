// Nothing outlives the topology: stopping it removes every namespace (with its links and nftables tables), process
// and file; and when the command is killed outright (kill -9), the cleanup of the next run (or `webstack down`)
// removes what it left, from the record it kept while it worked.
using System.Text.Json;
using WebStack.Local;
using WebStack.Local.Commands;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Topology;
using WebStack.Topology.Tests.Support;
using Xunit.Abstractions;

namespace WebStack.Topology.Tests;

public sealed class TeardownTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task StoppingTheTopologyLeavesNothingBehind()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        // On a name of its own: the client's hosts file and the run's throw-away CA must go too.
        using var project = new TopoProject(TopoProject.HttpsConfig);
        var before = await Probes.HostNetworkAsync();

        var topology = await TopologyRehearsal.StartAsync(project.Plan(), await Repo.BuildAsync(project.Plan()), TextWriter.Null);
        var id = topology.Layout.RunId;
        var runPath = topology.Run.Path;
        IReadOnlyList<int> processes;
        try
        {
            processes = await topology.ProcessesAsync();
            Assert.NotEmpty(processes);
            Assert.True(File.Exists(Path.Combine(TopologyCleanup.NamespaceEtc(topology.Layout.Client.Namespace), "hosts")));
            Assert.StartsWith(runPath, topology.CaFile, StringComparison.Ordinal);
            Assert.Equal(topology.Layout.Namespaces.Order(), (await TopologyCleanup.ListNamespacesAsync()).Where(name => name.StartsWith($"ws{id}-", StringComparison.Ordinal)).Order());
        }
        finally
        {
            await topology.DisposeAsync();
        }

        await AssertNothingLeftAsync(id, processes, runPath, before);
    }

    [SkippableFact]
    public async Task WhatAKilledCommandLeftIsRemovedByTheNextRunsCleanup()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        await Repo.SampleAsync();
        using var project = new TopoProject(TopoProject.HttpsConfig);
        var before = await Probes.HostNetworkAsync();

        // The real command, as a user runs it: dotnet webstack.dll hosts up topo --dir <project>.
        await using var command = await WebstackCommand.HostsUpAsync(project);
        string? id = null;
        try
        {
            id = command.RunId;
            var runPath = Path.Combine(RunDirectory.Root, $"hosts-{id}");
            var record = JsonSerializer.Deserialize<RunRecord>(await File.ReadAllTextAsync(Path.Combine(runPath, "run.json")))!;
            var processes = new List<int>(record.Processes.Select(process => process.Pid));
            foreach (var name in record.Namespaces)
            {
                processes.AddRange(await TopologyCleanup.ProcessesInAsync(name));
            }

            Assert.Equal(6, record.Namespaces.Count);

            // kill -9: the command gets no chance to clean up.
            command.Process.Kill();
            await command.Process.WaitForExitAsync();

            // What it leaves: its namespaces, its servers, its record.
            var namespaces = await TopologyCleanup.ListNamespacesAsync();
            Assert.All(record.Namespaces, name => Assert.Contains(name, namespaces));
            Assert.Contains(processes, ProcessTree.IsRunning);
            Assert.True(File.Exists(Path.Combine(runPath, "run.json")));

            // The cleanup `webstack down` and every `up` run first, limited to this run so the test never touches
            // another rehearsal on the machine.
            var cleanup = new StringWriter();
            Assert.Equal(1, DownCommand.CleanLeftovers(cleanup, id));
            output.WriteLine(cleanup.ToString());

            await AssertNothingLeftAsync(id, processes, runPath, before);
        }
        finally
        {
            // Gone before the cleanup, which leaves alone a run whose command still runs.
            await command.DisposeAsync();
            if (id is not null)
            {
                DownCommand.CleanLeftovers(TextWriter.Null, id);
            }
        }
    }

    [SkippableFact]
    public async Task AFailureWhileMakingTheNetworkStopsWithAClearErrorAndRemovesWhatItMade()
    {
        var reason = await TopologyEnvironment.SkipReasonAsync();
        Skip.If(reason is not null, reason);
        using var project = new TopoProject();
        var run = RunDirectory.Create("hosts");
        var layout = TopologyLayout.For(project.Plan(), run.Id);
        // A namespace of that name is there already: making the topology's fails part-way, after the first hosts.
        var taken = layout.Servers[1].Namespace;
        await ProgramRunner.RunCheckedAsync(CommandSpec.Of("ip", "netns", "add", taken), "making the namespace in the way");
        try
        {
            var exception = await Assert.ThrowsAsync<UserFacingException>(() => TopologyNetwork.CreateAsync(run, layout, TextWriter.Null));

            output.WriteLine(exception.Message);
            Assert.Contains($"could not create the network namespace {taken}", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was started", exception.Message, StringComparison.Ordinal);
            // What it made is gone; the namespace it didn't make is left alone.
            Assert.Equal([taken], (await TopologyCleanup.ListNamespacesAsync()).Where(name => name.StartsWith($"ws{run.Id}-", StringComparison.Ordinal)));
        }
        finally
        {
            await ProgramRunner.RunAsync(CommandSpec.Of("ip", "netns", "delete", taken));
            run.Remove();
        }
    }

    private static async Task AssertNothingLeftAsync(string id, IEnumerable<int> processes, string runPath, string hostNetworkBefore)
    {
        Assert.DoesNotContain(await TopologyCleanup.ListNamespacesAsync(), name => name.StartsWith($"ws{id}-", StringComparison.Ordinal));
        Assert.Empty(await Probes.StillRunningAsync(processes));
        Assert.False(Directory.Exists(runPath), $"{runPath} is still there (with the run's throw-away CA)");
        var etc = Path.GetDirectoryName(TopologyCleanup.NamespaceEtc("x"))!;
        Assert.DoesNotContain(Directory.Exists(etc) ? Directory.EnumerateDirectories(etc).Select(Path.GetFileName) : [], name => name!.StartsWith($"ws{id}-", StringComparison.Ordinal));
        var now = await Probes.HostNetworkAsync();
        Assert.DoesNotContain($"ws{id}", now, StringComparison.Ordinal);
        Assert.Equal(Tables(hostNetworkBefore), Tables(now));

        static IEnumerable<string> Tables(string network) => network.Split('\n').Where(line => line.StartsWith("table ", StringComparison.Ordinal)).Order();
    }
}
