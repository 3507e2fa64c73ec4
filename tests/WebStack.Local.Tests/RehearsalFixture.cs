// One server rehearsal shared by the tests of a class: a throw-away PostgreSQL, three processes of the main app and
// one of a second site, and nginx in front, all on free loopback ports. Skipped (with the reason) where nginx or
// PostgreSQL isn't installed.
using System.Text.Json;
using WebStack.Core;
using WebStack.Core.Servers;
using WebStack.Local.Commands;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

public sealed class RehearsalFixture : IAsyncLifetime
{
    private TestProject? _project;

    public string? SkipReason { get; private set; }

    public ServerRehearsal Rehearsal { get; private set; } = null!;

    public ServerPlan Server { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static string? MissingPrograms()
    {
        var missing = ServerRehearsal.Programs.Where(program => program.Find() is null).Select(program => program.Name).ToList();
        return missing.Count == 0 ? null : $"not installed here: {string.Join(", ", missing)} (.ci/run installs them)";
    }

    public async Task InitializeAsync()
    {
        SkipReason = MissingPrograms();
        if (SkipReason is not null)
        {
            return;
        }

        _project = new TestProject().WithStack("rehearsal", """
            config:
              webstack:appProcesses: 3
              webstack:sites:
                - name: blog
                  serverName: blog.example.test
                  processes: 1
            """);
        var plan = PlanCommand.Load(StackFiles.Find(_project.Directory), "rehearsal");
        // The stack's own ports (5001...) may be in use on a test machine; only their numbers move.
        Server = plan.Server with { Sites = AppSite.For(plan.Settings.Fleet.AppProcesses, plan.Settings.Sites, LocalPorts.FreeRange(4)) };
        Rehearsal = await ServerRehearsal.StartAsync(plan, Server, await SampleBuild.ForAsync(plan), LocalPorts.AnyFree(), TextWriter.Null);
    }

    public string Url(string path) => Rehearsal.Server.Url.TrimEnd('/') + path;

    /// <summary>GET <paramref name="path"/> through nginx as JSON, with extra headers.</summary>
    public async Task<HttpAnswer> GetJsonAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        request.Headers.Add("Accept", "application/json");
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await Http.SendAsync(request);
        return new HttpAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is null)
        {
            await Rehearsal.DisposeAsync();
        }

        _project?.Dispose();
        Http.Dispose();
    }
}
