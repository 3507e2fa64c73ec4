// The user's own apps in the Pulumi program: each app with a package of its own is built from its settings and
// uploaded once under its site's key, its start command and plain variables are in the servers' units, its secrets
// travel only in a Secrets Manager secret of its own (secret in the state, readable by the servers, in no output and
// no user data), a jar gets Amazon Corretto, and an app that can't run stops the program before anything is planned.
using System.IO.Compression;
using System.Text.Json;
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Core.Settings;

namespace WebStack.Infra.Tests;

public sealed class AppTests
{
    private const string StripeKeyMark = "sk_live_mock-4f1c";

    private const string StripeKey = StripeKeyMark + "-'quoted' $value";

    private static string ShopSite(string app) => $$"""[{"name":"shop","serverName":"shop.example.com","processes":1,"app":{{app}}}]""";

    private static string PackageApp(string extra = "") =>
        $$"""{"package":{{JsonSerializer.Serialize(TestPackage.Folder)}},"command":["./server","--shop"],"healthPath":"/up"{{extra}}}""";

    private static string UserData(StackRun run) => UserDataScript.FromLaunchTemplateUserData(run.Single(ResourceTypes.LaunchTemplate).Text("userData"));

    [Fact]
    public async Task ASiteWithAnAppOfItsOwnHasItsOwnPackageObjectWhichTheServersInstallAndMayRead()
    {
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["sites"] = ShopSite(PackageApp()) });

        var objects = run.OfType(ResourceTypes.BucketObject).Select(item => item.Text("key")).Where(key => key.StartsWith("app/", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([$"app/default/{TestPackage.Package.Sha256}.tar.gz", $"app/shop/{TestPackage.Package.Sha256}.tar.gz"], objects);
        Assert.Equal(run.Plan.Names.PackageObjectOf("shop").Logical, run.OfType(ResourceTypes.BucketObject).Single(item => item.Text("key").StartsWith("app/shop/", StringComparison.Ordinal)).Name);

        var script = UserData(run);
        Assert.Contains($"install_package '{TestPackage.Package.Sha256}' 'app/default/{TestPackage.Package.Sha256}.tar.gz'", script);
        Assert.Contains($"ln -sfn \"$releases/\"'{TestPackage.Package.Sha256}' '/opt/webstack/sites/shop/current.next'", script);
        Assert.Contains("ExecStart=\"/opt/webstack/sites/shop/current/server\" \"--shop\"", script);
        Assert.Contains("wait_until_live 'webstack-shop'\"@$port.service\" \"$port\" '/up' 60", script);

        var policy = run.Named(ResourceTypes.RolePolicy, run.Plan.Names.AppAccessPolicy).Text("policy");
        var bucketArn = MockCloud.BucketArnFor(run.Named(ResourceTypes.Bucket, run.Plan.Names.Bucket).Name!);
        Assert.Contains($"\"{bucketArn}/app/shop/*\"", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppsSecretsTravelOnlyInASecretOfItsOwnThatTheServersMayRead()
    {
        var run = await StackRunner.RunAsync("prod", new Dictionary<string, string>
        {
            ["app"] = PackageApp(""","secrets":{"STRIPE_KEY":"stripeKey"},"env":{"FEATURE_X":"on"}"""),
            ["stripeKey"] = StripeKey,
        }, secretKeys: ["stripeKey"]);

        var secret = run.Named(ResourceTypes.Secret, run.Plan.Names.AppSecrets("default"));
        Assert.Equal(30, secret.Number("recoveryWindowInDays"));
        var version = run.Named(ResourceTypes.SecretVersion, run.Plan.Names.AppSecretsValue("default"));
        Assert.Equal(MockCloud.IdOf(secret.Name!), version.Text("secretId"));
        Assert.Equal(StripeKey, JsonDocument.Parse(version.Text("secretString")).RootElement.GetProperty("STRIPE_KEY").GetString());

        // The value is in that secret and nowhere else: not in the user data, the launch template, any other resource or output.
        // (JSON escapes the quote, so the search is for the part of the value no serializer changes.)
        var holders = run.Registered.Where(resource => resource.AllInputText().Contains(StripeKeyMark, StringComparison.Ordinal)).Select(resource => resource.Name).ToList();
        Assert.Equal([version.Name], holders);
        var script = UserData(run);
        Assert.DoesNotContain(StripeKeyMark, script, StringComparison.Ordinal);
        Assert.Contains(MockCloud.SecretArnFor(secret.Name!), script, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=/etc/webstack/default.env", script, StringComparison.Ordinal);
        Assert.Contains("Environment=\"FEATURE_X=on\"", script, StringComparison.Ordinal);

        Assert.DoesNotContain(StripeKey, JsonSerializer.Serialize(await run.Stack.Releases.GetValueAsync()), StringComparison.Ordinal);

        var policy = run.Named(ResourceTypes.RolePolicy, run.Plan.Names.AppAccessPolicy).Text("policy");
        using var document = JsonDocument.Parse(policy);
        var readable = document.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(statement => statement.GetProperty("Sid").GetString() == "ReadDatabaseCredentials")
            .GetProperty("Resource").EnumerateArray().Select(arn => arn.GetString()).ToList();
        Assert.Contains(MockCloud.SecretArnFor(secret.Name!), readable);
    }

    [Fact]
    public async Task AJarRunsOnTheCorrettoVersionItAsksForWithItsHeapKeptToItsShareOfTheServer()
    {
        var jar = TestJar.Path;
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string>
        {
            ["app"] = $$"""{"jar":{{JsonSerializer.Serialize(jar)}},"javaVersion":17,"healthPath":"/healthz"}""",
        });

        var script = UserData(run);
        Assert.Contains("java-17-amazon-corretto-headless", script, StringComparison.Ordinal);
        Assert.Contains("rpm -ql java-17-amazon-corretto-headless", script, StringComparison.Ordinal);
        Assert.Contains($"ExecStart=\"/opt/webstack/java/17/bin/java\" \"-XX:MaxRAMPercentage={StartCommand.JavaHeapPercent(run.Plan.Server.ProcessCount)}\" \"-jar\" \"notes.jar\"", script, StringComparison.Ordinal);
        Assert.Contains("SuccessExitStatus=143", script, StringComparison.Ordinal);
        Assert.DoesNotContain(UserDataScript.PostgresClientPackage, script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppThatCantRunStopsTheProgramBeforeAnythingIsPlannedNamingEveryProblem()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("dev", new Dictionary<string, string>
        {
            ["app"] = $$"""{"package":{{JsonSerializer.Serialize(TestPackage.Folder)}},"command":["./no-such-server"],"releaseCommand":["./migrate"]}""",
            ["sites"] = ShopSite("""{"project":"nowhere/Shop.csproj"}"""),
        }));

        var message = exception.ToString();
        Assert.Contains("app.command: ./no-such-server is not in the package", message, StringComparison.Ordinal);
        Assert.Contains("app.releaseCommand: ./migrate is not in the package", message, StringComparison.Ordinal);
        Assert.Contains("sites[0].app.project = \"nowhere/Shop.csproj\": there is no such project", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProjectsAppIsPublishedAndItsHostImpliedByThePublish()
    {
        // A real .NET project, published self-contained for linux-x64 as `pulumi up` does: its start command is its app host.
        var run = await StackRunner.RunAsync("dev", new Dictionary<string, string> { ["app"] = $$"""{"project":{{JsonSerializer.Serialize(TestProjectApp.Path)}},"healthPath":"/"}""" });

        var script = UserData(run);
        Assert.Contains("ExecStart=\"/opt/webstack/sites/default/current/Tiny\"", script, StringComparison.Ordinal);
        var package = run.OfType(ResourceTypes.BucketObject).Single(item => item.Text("key").StartsWith("app/default/", StringComparison.Ordinal));
        Assert.Matches("^app/default/[0-9a-f]{64}\\.tar\\.gz$", package.Text("key"));
    }
}

/// <summary>A jar with a Main-Class, as `java -jar` needs (the plan checks its manifest).</summary>
internal static class TestJar
{
    private static readonly Lazy<string> Built = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"webstack-infra-tests-{Environment.ProcessId}", "jar", "notes.jar");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(archive.CreateEntry("META-INF/MANIFEST.MF").Open()))
        {
            writer.Write("Manifest-Version: 1.0\r\nMain-Class: example.notes.Main\r\n\r\n");
        }

        return path;
    });

    public static string Path => Built.Value;
}

/// <summary>The smallest web project, for the one test that publishes as `pulumi up` does.</summary>
internal static class TestProjectApp
{
    private static readonly Lazy<string> Built = new(() =>
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"webstack-infra-tests-{Environment.ProcessId}", "tiny");
        Directory.CreateDirectory(directory);
        // Its own build settings: nothing of the repository's around it (a user's project).
        File.WriteAllText(System.IO.Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(System.IO.Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(System.IO.Path.Combine(directory, "Tiny.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>Tiny</AssemblyName>
                <InvariantGlobalization>true</InvariantGlobalization>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(System.IO.Path.Combine(directory, "Program.cs"), "var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet(\"/\", () => \"ok\");\napp.Run();\n");
        return System.IO.Path.Combine(directory, "Tiny.csproj");
    });

    public static string Path => Built.Value;
}
