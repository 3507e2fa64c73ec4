// What the stack knows about one app: where it comes from, how it starts and is checked, its release command, its
// static files and its own environment. The default site's app is the `app` setting (the bundled sample when unset);
// each of `sites` may name one of its own, or run the default site's.
namespace WebStack.Core.Apps;

/// <param name="Command">How a process starts, relative to the package; null when the source implies it (a .NET app's
/// host, found in the publish; `java -jar` for a jar).</param>
/// <param name="HealthPath">What must answer 200 on each process before it counts as started, and what the load
/// balancer's check on nginx (healthCheckPath) reaches for the default site.</param>
/// <param name="ReleaseCommand">Run once per release, before the release's processes start (migrations).</param>
/// <param name="StaticDirectory">A folder of the package (of the project directory, for a jar) that nginx serves at
/// <paramref name="StaticPath"/>; null serves none.</param>
/// <param name="Environment">Plain variables the app gets, in its units (visible to anyone who reads the launch template).</param>
/// <param name="Secrets">Variable name to the stack's secret setting that holds its value: it reaches the servers through
/// Secrets Manager, never through user data or an output.</param>
/// <param name="StartTimeoutSeconds">How long a process has to bind its port and answer its health path.</param>
/// <param name="ReleaseTimeoutSeconds">How long the release command may run before it is stopped and the release fails.</param>
public sealed record AppSettings(
    AppSource Source,
    AppCommand? Command,
    string HealthPath,
    AppCommand? ReleaseCommand,
    string? StaticDirectory,
    string StaticPath,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Secrets,
    int StartTimeoutSeconds,
    int ReleaseTimeoutSeconds)
{
    public const string DefaultStaticPath = "/static/";
    public const string DefaultHealthPath = "/";
    public const int DefaultStartTimeoutSeconds = 60;
    public const int DefaultReleaseTimeoutSeconds = 300;
    public const int DefaultJavaVersion = 21;

    /// <summary>The Amazon Corretto versions a jar can ask for: the LTS releases in the Amazon Linux 2023 repositories.</summary>
    public static IReadOnlyList<int> JavaVersions { get; } = [17, 21, 25];

    public const string SampleProject = "app/WebStack.App/WebStack.App.csproj";

    /// <summary>
    /// The bundled sample, which every stack runs until `app` names another: a .NET project like any user's, whose
    /// release command applies its schema and whose health path is its liveness check (no database).
    /// </summary>
    public static AppSettings Sample { get; } = new(
        new DotnetProjectSource(SampleProject),
        Command: null,
        HealthPath: "/health/live",
        ReleaseCommand: AppCommand.Of("./WebStack.App", "--migrate"),
        StaticDirectory: "wwwroot",
        StaticPath: DefaultStaticPath,
        Environment: new Dictionary<string, string>(),
        Secrets: new Dictionary<string, string>(),
        StartTimeoutSeconds: DefaultStartTimeoutSeconds,
        ReleaseTimeoutSeconds: DefaultReleaseTimeoutSeconds);

    public bool IsJar => Source is JarSource;

    /// <summary>One line for the plan.</summary>
    public string Summary() =>
        $"{Source.Describe()}; start: {Command?.ToString() ?? ImpliedCommand()}; health: GET {HealthPath}"
        + (ReleaseCommand is null ? "" : $"; release: {ReleaseCommand}")
        + (StaticDirectory is null ? "" : $"; static: {StaticPath} from {StaticDirectory}");

    private string ImpliedCommand() => Source switch
    {
        JarSource jar => $"java -jar {jar.FileName}",
        _ => "the .NET app host in the package",
    };
}
