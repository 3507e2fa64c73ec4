// Runs the whole Pulumi program against the mocks, the way `pulumi up` would run it (not a preview, so every
// apply runs): the configuration reaches it as the language host passes it, JSON in PULUMI_CONFIG.
using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Infra.Tests;

internal static class StackRunner
{
    public const string Project = "webstack";

    public const string AmiId = "ami-0b2c3d4e5f6a7b8c9";

    /// <summary>The image a stack is pinned to, as `webstack ami update` writes it.</summary>
    public static readonly string PinnedAmi = $$"""{"id": "{{AmiId}}", "name": "al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64", "created": "2025-11-17T20:12:33.000Z"}""";

    /// <summary>A setting's value that leaves the setting out of the stack's file (one the runner sets by default).</summary>
    public const string Unset = "\0unset";

    /// <param name="settings">The stack's settings by key ("minSize" for webstack:minSize, or a full "ns:key").</param>
    /// <param name="secretKeys">The settings (by key) that are secrets, as `pulumi config set --secret` stores them.</param>
    /// <param name="aws">The AWS CLI the deploy talks to; by default one that finds the group on the template's version (a no-change deploy).</param>
    /// <param name="preview">A preview (nothing deployed) rather than an update.</param>
    /// <param name="slowToCreate">Types whose creation the mock makes take a moment (see <see cref="MockCloud"/>).</param>
    public static async Task<StackRun> RunAsync(string stack, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? secretKeys = null,
        FakeAwsCli? aws = null, bool preview = false, IReadOnlySet<string>? slowToCreate = null)
    {
        using var ownAws = aws is null ? new FakeAwsCli() : null;
        secretKeys = secretKeys?.Select(key => key.Contains(':', StringComparison.Ordinal) ? key : $"{Project}:{key}").ToList();
        var config = ConfigFor(settings);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PulumiConfigJson.ConfigVariable] = JsonSerializer.Serialize(config),
            [PulumiConfigJson.SecretKeysVariable] = JsonSerializer.Serialize(secretKeys ?? []),
            [WebStack.Infra.Deploy.AwsCli.ProgramVariable] = (aws ?? ownAws!).Script,
            [WebStack.Infra.Deploy.FleetDeployment.PollVariable] = "0",
        };

        // Set for this run only (the SDK and the program read them while the stack is built), then put back, with the
        // process exit code, which Pulumi's runner sets to 32 when a run logs an error.
        var previous = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        var exitCode = Environment.ExitCode;
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var cloud = new MockCloud(slowToCreate);
            var resources = await Deployment.TestAsync<WebStackStack>(
                cloud.Mocks.Object,
                new TestOptions { IsPreview = preview, ProjectName = Project, StackName = stack });
            return new StackRun(stack, resources, cloud.Resources, cloud.Calls, PlanFor(stack, config, secretKeys ?? []), cloud.Created);
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Environment.ExitCode = exitCode;
        }
    }

    /// <summary>
    /// The full configuration map of a stack: the region, the test package as its app (unless the test names one),
    /// plus the given settings under the project's namespace.
    /// </summary>
    public static Dictionary<string, string> ConfigFor(IReadOnlyDictionary<string, string>? settings)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingKeys.Region] = MockCloud.Region,
            [$"{Project}:{SettingKeys.App}"] = TestPackage.AppSetting,
            [$"{Project}:{SettingKeys.Ami}"] = PinnedAmi,
        };
        foreach (var (key, value) in settings ?? ImmutableDictionary<string, string>.Empty)
        {
            var full = key.Contains(':', StringComparison.Ordinal) ? key : $"{Project}:{key}";
            if (value == Unset)
            {
                config.Remove(full);
            }
            else
            {
                config[full] = value;
            }
        }

        return config;
    }

    /// <summary>What the core plans for the same configuration: the tests' expected values.</summary>
    public static StackPlan PlanFor(string stack, IReadOnlyDictionary<string, string> config, IReadOnlyList<string>? secretKeys = null) =>
        StackPlan.From(StackSettingsReader.Read(new StackConfig(Project, stack, config.ToDictionary(
            pair => pair.Key, pair => new ConfigValue(pair.Value, secretKeys?.Contains(pair.Key) == true), StringComparer.Ordinal))).RequireValid());
}

/// <summary>
/// A small app package folder, made once per test run, that the stacks name as their app (a package built elsewhere,
/// as CI would give one) instead of publishing the sample: a server program, a release command, static files.
/// </summary>
internal static class TestPackage
{
    private static readonly Lazy<(string Folder, AppPackage Package)> Built = new(Build);

    /// <summary>The package as the program packs it (its bytes depend only on the files, so the hash is the program's).</summary>
    public static AppPackage Package => Built.Value.Package;

    public static string Folder => Built.Value.Folder;

    public static readonly AppCommand Start = AppCommand.Of("./server");

    /// <summary>The `app` setting that names it.</summary>
    public static string AppSetting => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["package"] = Folder,
        ["command"] = Start.Words,
        ["healthPath"] = "/healthz",
        ["releaseCommand"] = new[] { "./server", "migrate" },
        ["staticDir"] = "wwwroot",
    });

    private static (string, AppPackage) Build()
    {
        var root = Path.Combine(Path.GetTempPath(), $"webstack-infra-tests-{Environment.ProcessId}");
        var folder = Path.Combine(root, "package");
        Directory.CreateDirectory(Path.Combine(folder, "wwwroot"));
        File.WriteAllText(Path.Combine(folder, "server"), "#!/bin/sh\necho webstack test app \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(folder, "server"), (UnixFileMode)0b111_101_101);
        }
        File.WriteAllText(Path.Combine(folder, "wwwroot", "site.css"), "body { margin: 0; }\n");
        return (folder, AppPackage.Create(folder, Path.Combine(root, "webstack-app.tar.gz")));
    }
}
