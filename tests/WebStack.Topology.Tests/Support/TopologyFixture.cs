// One topology for the tests that look at it without breaking it: brought up once (the "topo" stack on a name of its
// own, so it serves HTTPS, in a project directory of its own, the app from this repository), removed after the last
// of them.
using WebStack.Local.Topology;

namespace WebStack.Topology.Tests.Support;

public class TopologyFixture : IAsyncLifetime
{
    private readonly TopoProject _project;
    private readonly int? _serverCount;
    private readonly StringWriter _buffer = new();
    private readonly TextWriter _progress;
    private Exception? _failure;

    public TopologyFixture()
        : this(TopoProject.HttpsConfig)
    {
    }

    /// <param name="serverCount">How many servers to start with; by default the stack's max(2, minSize).</param>
    protected TopologyFixture(string config, int? serverCount = null)
    {
        _progress = TextWriter.Synchronized(_buffer);
        _project = new TopoProject(config);
        _serverCount = serverCount;
    }

    public string? SkipReason { get; private set; }

    /// <summary>The stack's project directory (its Pulumi.yaml, stack file and the sample linked as app/).</summary>
    public TopoProject Project => _project;

    /// <summary>The apps the topology starts with: the sample on every site, unless the stack names its own.</summary>
    protected virtual Task<WebStack.Local.Rehearsal.StackBuild> BuildAsync(TopoProject project, WebStack.Core.StackPlan plan) => Repo.BuildAsync(plan);

    /// <summary>What else the fixture needs that this machine may lack (a skip reason), beyond the topology's own programs.</summary>
    protected virtual Task<string?> MissingAsync() => Task.FromResult<string?>(null);

    public TopologyRehearsal? Rehearsal { get; private set; }

    /// <summary>This machine's own network before the topology was made.</summary>
    public string HostNetworkBefore { get; private set; } = "";

    /// <summary>What the topology has said so far (its start, and its servers' supervision since).</summary>
    public string Progress
    {
        get
        {
            // The synchronized writer locks on itself for every write.
            lock (_progress)
            {
                return _buffer.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        SkipReason = await TopologyEnvironment.SkipReasonAsync();
        if (SkipReason is not null)
        {
            return;
        }

        try
        {
            HostNetworkBefore = await Probes.HostNetworkAsync();
            SkipReason = await MissingAsync();
            if (SkipReason is not null)
            {
                return;
            }

            Rehearsal = await TopologyRehearsal.StartAsync(_project.Plan(), await BuildAsync(_project, _project.Plan()), _progress, serverCount: _serverCount);
        }
        catch (Exception exception)
        {
            _failure = exception;
        }
    }

    /// <summary>The running topology; skips the test when the machine can't run one, fails it when it didn't start.</summary>
    public TopologyRehearsal Require()
    {
        Skip.If(SkipReason is not null, SkipReason);
        if (_failure is not null)
        {
            throw new InvalidOperationException($"the topology did not start: {_failure.Message}\n{Progress}", _failure);
        }

        return Rehearsal!;
    }

    public async Task DisposeAsync()
    {
        if (Rehearsal is not null)
        {
            await Rehearsal.DisposeAsync();
        }

        _project.Dispose();
    }
}
