// A user's app in a rehearsal, started the way `webstack up` starts it: a stack file naming the app, its build from
// those settings alone, and one server of the stack (nginx, the release phase, the processes) on free ports.
using System.Text.Json;
using WebStack.Core;
using WebStack.Core.Servers;
using WebStack.Local.Commands;
using WebStack.Local.Processes;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

internal static class UserApps
{
    public const string Stack = "userapp";

    /// <summary>A project whose stack's default app is <paramref name="app"/> (the `app` setting as JSON), on free ports.</summary>
    public static TestProject Project(string app, string extra = "") =>
        new TestProject().WithStack(Stack, $"config:\n  webstack:appBasePort: {LocalPorts.FreeRange(2)}\n  webstack:app: {app}\n{extra}");

    public static StackPlan Plan(TestProject project) => PlanCommand.Load(StackFiles.Find(project.Directory), Stack);

    /// <summary>Builds the stack's apps and starts its server, as `webstack up` does.</summary>
    public static async Task<ServerRehearsal> StartAsync(TestProject project, TextWriter? progress = null)
    {
        var plan = Plan(project);
        var build = await AppBuild.BuildAsync(plan, project.Directory, progress ?? TextWriter.Null);
        return await ServerRehearsal.StartAsync(plan, plan.Server, build, LocalPorts.AnyFree(), progress ?? TextWriter.Null);
    }

    /// <summary>The JSON string of a path, for a stack file.</summary>
    public static string Json(string text) => JsonSerializer.Serialize(text);

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<JsonElement> GetJsonAsync(ServerRehearsal rehearsal, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, rehearsal.Server.Url.TrimEnd('/') + path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The environment of a running process, as the kernel has it.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    /// <summary>The Java example's jar, built with the JDK alone; null (with the reason) where this machine can't build it.</summary>
    public static async Task<(string? Jar, string? Missing)> JavaExampleAsync(string directory)
    {
        var missing = new[] { "javac", "jar", "java" }.Where(tool => !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (!File.Exists("/usr/share/java/postgresql.jar"))
        {
            missing.Add("/usr/share/java/postgresql.jar (Debian's libpostgresql-jdbc-java)");
        }

        if (missing.Count > 0)
        {
            return (null, $"the Java example needs a JDK and pgjdbc, not installed here: {string.Join(", ", missing)} (.ci/run installs them)");
        }

        var jar = Path.Combine(directory, "notes.jar");
        await ProgramRunner.RunCheckedAsync(CommandSpec.Of("bash", Path.Combine(TestProject.RepositoryRoot, "examples", "java-notes", "build.sh"), jar),
            "building the Java example", timeout: TimeSpan.FromMinutes(3));
        return (jar, null);
    }
}
