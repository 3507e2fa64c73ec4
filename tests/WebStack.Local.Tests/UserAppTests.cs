// A team's own app on the stack by its settings alone, as `webstack up` runs it: the ASP.NET Core example (its own EF
// Core model, its migrations bundle as the release command) and the Java example (java -jar, JDBC with verify-full),
// each getting the app contract's environment; and every way an app can't run refused with what to do.
using WebStack.Core.Apps;
using WebStack.Local.Commands;
using WebStack.Local.Rehearsal;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class UserAppTests
{
    private static string Example(string relative) => Path.Combine(TestProject.RepositoryRoot, "examples", relative);

    [SkippableFact]
    public async Task The_aspnet_example_runs_by_its_settings_alone_with_its_migrations_bundle_as_its_release_command()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var project = UserApps.Project($$"""{"project": {{UserApps.Json(Example("aspnet-notes/Notes.csproj"))}}, "healthPath": "/healthz", "releaseCommand": "./efbundle"}""");
        var progress = new StringWriter();

        await using var rehearsal = await UserApps.StartAsync(project, progress);

        var first = await UserApps.GetJsonAsync(rehearsal, "/", ("X-Forwarded-For", "203.0.113.7"));
        var second = await UserApps.GetJsonAsync(rehearsal, "/");
        Assert.Equal("aspnet-notes", first.GetProperty("app").GetString());
        // Its one forwarded-headers line: the client's address as nginx worked it out, not nginx's or the load balancer's.
        Assert.Equal("203.0.113.7", first.GetProperty("clientAddress").GetString());
        Assert.Equal(rehearsal.Server.Apps.Release.For("default").Name, first.GetProperty("release").GetString());
        Assert.Equal(first.GetProperty("id").GetInt64() + 1, second.GetProperty("id").GetInt64());
        // The bundle made the table before any process started, once.
        Assert.Equal("1", await rehearsal.Database.QueryAsync($"SELECT count(*) FROM {ReleasePhase.Table} WHERE site = 'default' AND outcome = 'succeeded'"));
        Assert.Equal("20261204200020_InitialCreate", await rehearsal.Database.QueryAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\""));
        Assert.Contains("release phase of default on", progress.ToString());
    }

    [SkippableFact]
    public async Task The_java_example_runs_with_java_dash_jar_and_reaches_the_database_through_jdbc_verifying_it()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var project = UserApps.Project("""{"jar": "notes.jar", "healthPath": "/healthz", "releaseCommand": ["java", "-jar", "notes.jar", "--migrate"]}""");
        var (jar, javaMissing) = await UserApps.JavaExampleAsync(project.Directory);
        Skip.If(jar is null, javaMissing);

        await using var rehearsal = await UserApps.StartAsync(project);

        var answer = await UserApps.GetJsonAsync(rehearsal, "/", ("X-Forwarded-For", "203.0.113.8"));
        var health = await UserApps.GetJsonAsync(rehearsal, "/health");
        Assert.Equal("java-notes", answer.GetProperty("app").GetString());
        Assert.Equal("203.0.113.8", answer.GetProperty("clientAddress").GetString());
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("1", await rehearsal.Database.QueryAsync("SELECT count(*) FROM schema_migrations"));
        // Its sessions are the app's own (pgjdbc), all TLS.
        var sessions = await rehearsal.Database.QueryAsync(
            "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL AND a.usename = 'webstack'");
        Assert.Matches("^([1-9][0-9]*)/\\1$", sessions);
    }

    [SkippableFact]
    public async Task Every_process_gets_the_app_contracts_variables_its_own_env_and_its_secrets_as_placeholders()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        var sample = await SampleBuild.AppAsync();
        var app = "{\"package\": " + UserApps.Json(sample.Directory) + """, "healthPath": "/health/live", "releaseCommand": ["./WebStack.App", "--migrate"], "env": {"FEATURE_X": "on"}, "secrets": {"STRIPE_KEY": "stripeKey", "MAIL_TOKEN": "mailToken"}}""";
        using var project = UserApps.Project(app, "  webstack:stripeKey:\n    secure: AAABAKN0dGVzdA==\n  webstack:mailToken:\n    secure: AAABAKN0dGVzdA==\n");
        Environment.SetEnvironmentVariable(LocalSecrets.Prefix + "MAIL_TOKEN", "token-for-this-run");
        try
        {
            await using var rehearsal = await UserApps.StartAsync(project);

            var port = rehearsal.Server.Apps.Ports[0];
            var environment = UserApps.EnvironmentOf(rehearsal.Server.Apps.ProcessOn(port).Pid);
            foreach (var variable in AppContract.Variables)
            {
                Assert.True(environment.ContainsKey(variable.Name), $"the process has no {variable.Name}");
            }

            Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["PORT"]);
            Assert.Equal($"http://127.0.0.1:{port}", environment["ASPNETCORE_URLS"]);
            Assert.Equal(("127.0.0.1", environment["PORT"]), (environment["SERVER_ADDRESS"], environment["SERVER_PORT"]));
            Assert.Equal(rehearsal.Database.AppEnvironment()["DATABASE_URL"], environment["DATABASE_URL"]);
            Assert.Equal(environment["STATE_DIRECTORY"], environment["HOME"]);
            Assert.True(Directory.Exists(environment["STATE_DIRECTORY"]));
            Assert.Equal("on", environment["FEATURE_X"]);
            Assert.Equal(LocalSecrets.Placeholder("STRIPE_KEY"), environment["STRIPE_KEY"]);
            Assert.Equal("token-for-this-run", environment["MAIL_TOKEN"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LocalSecrets.Prefix + "MAIL_TOKEN", null);
        }
    }

    [Fact]
    public void A_project_that_does_not_exist_is_refused_by_plan_naming_the_setting()
    {
        using var project = UserApps.Project("""{"project": "src/Shop/Shop.csproj"}""");

        var (code, _, errors) = PlanCommandTests.Plan(project.Directory, UserApps.Stack);

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Contains("app.project = \"src/Shop/Shop.csproj\": there is no such project", errors);
        Assert.Contains("give the path of your .csproj from", errors);
    }

    [Fact]
    public void A_secret_that_is_not_set_is_refused_by_plan_with_the_command_that_sets_it()
    {
        using var project = UserApps.Project("""{"project": "app/WebStack.App/WebStack.App.csproj", "secrets": {"STRIPE_KEY": "stripeKey"}}""");

        var (code, _, errors) = PlanCommandTests.Plan(project.Directory, UserApps.Stack);

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Contains($"app.secrets.STRIPE_KEY names webstack:stripeKey, which is not set; set it with: pulumi config set --secret webstack:stripeKey <value> --stack {UserApps.Stack}", errors);
    }

    [Fact]
    public async Task A_command_that_names_no_file_of_the_package_is_refused_before_anything_starts()
    {
        var sample = await SampleBuild.AppAsync();
        using var project = UserApps.Project($$"""{"package": {{UserApps.Json(sample.Directory)}}, "command": ["./Shop"]}""");
        var runsBefore = Runs();

        var (code, _, errors) = PlanCommandTests.Plan(project.Directory, UserApps.Stack);
        var exception = await Assert.ThrowsAsync<UserFacingException>(() => UserApps.StartAsync(project));

        Assert.Equal(ExitCodes.InvalidSettings, code);
        Assert.Contains("app.command: ./Shop is not in the package (it holds ", errors);
        Assert.Contains("app.command: ./Shop is not in the package", exception.Message);
        Assert.Contains("nothing was started", exception.Message);
        Assert.Equal(runsBefore, Runs());
    }

    [SkippableFact]
    public async Task An_app_that_never_binds_its_port_is_refused_naming_the_port_with_its_last_lines_and_nothing_is_left_running()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        using var package = new TestProject();
        var server = Path.Combine(package.Directory, "pkg", "server");
        Directory.CreateDirectory(Path.GetDirectoryName(server)!);
        await File.WriteAllTextAsync(server, "#!/bin/sh\necho \"starting on the wrong port, not $PORT\"\nexec sleep 300\n");
        File.SetUnixFileMode(server, (UnixFileMode)0b111_101_101);
        using var project = UserApps.Project($$"""{"package": {{UserApps.Json(Path.GetDirectoryName(server)!)}}, "command": ["./server"], "startTimeoutSeconds": 5}""");
        var runsBefore = Runs();

        var exception = await Assert.ThrowsAsync<UserFacingException>(() => UserApps.StartAsync(project));

        Assert.Matches(@"webstack-default@\d+ on \S+ \(\./server\) never bound 127\.0\.0\.1:\d+ within 5 s \(an app must listen where PORT, ASPNETCORE_URLS or SERVER_PORT says\)", exception.Message);
        Assert.Contains("starting on the wrong port, not", exception.Message);
        Assert.Equal(runsBefore, Runs());
        Assert.Empty(RunDirectory.Leftovers(includeRunning: true));
    }

    [SkippableFact]
    public async Task An_app_whose_health_path_never_answers_200_is_refused_saying_what_it_answered()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        var sample = await SampleBuild.AppAsync();
        using var project = UserApps.Project($$"""{"package": {{UserApps.Json(sample.Directory)}}, "healthPath": "/ready", "releaseCommand": ["./WebStack.App", "--migrate"], "startTimeoutSeconds": 5}""");

        var exception = await Assert.ThrowsAsync<UserFacingException>(() => UserApps.StartAsync(project));

        Assert.Matches(@"bound port \d+ but GET /ready answered 404, not 200, for 5 s \(healthPath in the app's settings\)", exception.Message);
        Assert.Empty(RunDirectory.Leftovers(includeRunning: true));
    }

    [SkippableFact]
    public async Task A_failing_release_command_starts_no_process_and_says_what_it_printed()
    {
        var missing = RehearsalFixture.MissingPrograms();
        Skip.If(missing is not null, missing);
        var sample = await SampleBuild.AppAsync();
        using var copy = new TestProject();
        var package = Path.Combine(copy.Directory, "pkg");
        await WebStack.Local.Processes.ProgramRunner.RunCheckedAsync(WebStack.Local.Processes.CommandSpec.Of("cp", "-a", sample.Directory + "/.", package + "/"), "copying the sample");
        await File.WriteAllTextAsync(Path.Combine(package, "migrate.sh"), "#!/bin/sh\necho 'ERROR: relation \"orders\" already exists' >&2\nexit 3\n");
        File.SetUnixFileMode(Path.Combine(package, "migrate.sh"), (UnixFileMode)0b111_101_101);
        using var project = UserApps.Project($$"""{"package": {{UserApps.Json(package)}}, "healthPath": "/health/live", "releaseCommand": ["./migrate.sh"]}""");

        var exception = await Assert.ThrowsAsync<UserFacingException>(() => UserApps.StartAsync(project));

        Assert.Contains("the release phase of default failed on", exception.Message);
        Assert.Contains("its processes are not started", exception.Message);
        Assert.Contains("relation \"orders\" already exists", exception.Message);
        Assert.Contains("the release command failed with exit code 3", exception.Message);
        Assert.Empty(RunDirectory.Leftovers(includeRunning: true));
    }

    private static int Runs() => Directory.Exists(RunDirectory.Root) ? Directory.GetDirectories(RunDirectory.Root).Length : 0;
}
