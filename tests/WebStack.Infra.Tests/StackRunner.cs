// Runs the whole Pulumi program against the mocks, the way `pulumi up` would run it (not a preview, so every
// apply runs): the configuration reaches it as the language host passes it, JSON in PULUMI_CONFIG.
using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using WebStack.Core;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Infra.Tests;

internal static class StackRunner
{
    public const string Project = "webstack";

    /// <param name="settings">The stack's settings by key ("minSize" for webstack:minSize, or a full "ns:key").</param>
    public static async Task<StackRun> RunAsync(string stack, IReadOnlyDictionary<string, string>? settings = null)
    {
        var config = ConfigFor(settings);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PulumiConfigJson.ConfigVariable] = JsonSerializer.Serialize(config),
            [PulumiConfigJson.SecretKeysVariable] = "[]",
            [AppPublisher.PackageVariable] = TestPackage.Package.Path,
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

            var cloud = new MockCloud();
            var resources = await Deployment.TestAsync<WebStackStack>(
                cloud.Mocks.Object,
                new TestOptions { IsPreview = false, ProjectName = Project, StackName = stack });
            return new StackRun(stack, resources, cloud.Resources, cloud.Calls, PlanFor(stack, config));
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

    /// <summary>The full configuration map of a stack: the region, plus the given settings under the project's namespace.</summary>
    public static Dictionary<string, string> ConfigFor(IReadOnlyDictionary<string, string>? settings)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal) { [SettingKeys.Region] = MockCloud.Region };
        foreach (var (key, value) in settings ?? ImmutableDictionary<string, string>.Empty)
        {
            config[key.Contains(':', StringComparison.Ordinal) ? key : $"{Project}:{key}"] = value;
        }

        return config;
    }

    /// <summary>What the core plans for the same configuration: the tests' expected values.</summary>
    public static StackPlan PlanFor(string stack, IReadOnlyDictionary<string, string> config) =>
        StackPlan.From(StackSettingsReader.Read(StackConfig.FromPlain(Project, stack, config)).RequireValid());
}

/// <summary>A small app package, made once per test run, that the program uploads instead of publishing the app.</summary>
internal static class TestPackage
{
    private static readonly Lazy<AppPackage> Built = new(Build);

    public static AppPackage Package => Built.Value;

    private static AppPackage Build()
    {
        var root = Path.Combine(Path.GetTempPath(), $"webstack-infra-tests-{Environment.ProcessId}");
        var publish = Path.Combine(root, "publish");
        Directory.CreateDirectory(Path.Combine(publish, "wwwroot"));
        File.WriteAllText(Path.Combine(publish, AppPackage.ExecutableName), "#!/bin/sh\necho webstack test app\n");
        File.WriteAllText(Path.Combine(publish, "wwwroot", "site.css"), "body { margin: 0; }\n");
        return AppPackage.Create(publish, Path.Combine(root, "webstack-app.tar.gz"));
    }
}
