// The app settings: the sample by default, every property of a user's app read, and every mistake in one go, each
// named by where it is and what to do.
using WebStack.Core.Apps;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Apps;

public sealed class AppSettingsReaderTests
{
    private static SettingsResult Read(string app, params (string Name, ConfigValue Value)[] more) =>
        Config.ReadValues("dev", [("app", ConfigValue.Plain(app)), .. more]);

    [Fact]
    public void A_stack_without_an_app_runs_the_sample_with_its_release_command_and_static_files()
    {
        var settings = Config.Valid();

        Assert.Same(AppSettings.Sample, settings.App);
        Assert.Equal(new DotnetProjectSource("app/WebStack.App/WebStack.App.csproj"), settings.App.Source);
        Assert.Equal(AppCommand.Of("./WebStack.App", "--migrate"), settings.App.ReleaseCommand);
        Assert.Equal(("/health/live", "wwwroot", "/static/"), (settings.App.HealthPath, settings.App.StaticDirectory, settings.App.StaticPath));
        Assert.Equal(new EffectiveSetting("app", "the sample app (app/WebStack.App)", SettingSource.Default), Config.Effective(Config.Read(), "app"));
    }

    [Fact]
    public void Every_property_of_a_users_app_is_read()
    {
        var app = Config.AssertValid(Read("""
            {"project": "src/Shop/Shop.csproj", "command": ["./Shop", "--urls-from-env"], "healthPath": "/healthz",
             "releaseCommand": "./efbundle --verbose", "staticDir": "wwwroot/", "staticPath": "/assets/",
             "env": {"FEATURE_X": "on", "RETRIES": 3, "VERBOSE": true}, "secrets": {"STRIPE_KEY": "stripeKey"},
             "startTimeoutSeconds": "90", "releaseTimeoutSeconds": 600}
            """, ("stripeKey", ConfigValue.UnreadableSecret))).App;

        Assert.Equal(new DotnetProjectSource("src/Shop/Shop.csproj"), app.Source);
        Assert.Equal(AppCommand.Of("./Shop", "--urls-from-env"), app.Command);
        Assert.Equal(AppCommand.Of("./efbundle", "--verbose"), app.ReleaseCommand);
        Assert.Equal(("/healthz", "wwwroot", "/assets/"), (app.HealthPath, app.StaticDirectory, app.StaticPath));
        Assert.Equal(new Dictionary<string, string> { ["FEATURE_X"] = "on", ["RETRIES"] = "3", ["VERBOSE"] = "true" }, app.Environment);
        Assert.Equal(new Dictionary<string, string> { ["STRIPE_KEY"] = "stripeKey" }, app.Secrets);
        Assert.Equal((90, 600), (app.StartTimeoutSeconds, app.ReleaseTimeoutSeconds));
    }

    [Fact]
    public void A_jar_runs_on_corretto_21_unless_it_asks_for_another_lts()
    {
        Assert.Equal(new JarSource("build/libs/shop.jar", 21), Config.AssertValid(Read("""{"jar": "build/libs/shop.jar"}""")).App.Source);
        Assert.Equal(new JarSource("shop.jar", 17), Config.AssertValid(Read("""{"jar": "shop.jar", "javaVersion": 17}""")).App.Source);
        Assert.Equal(AppCommand.Of("java", "-Xss512k", "-jar", "shop.jar"), Config.AssertValid(Read("""{"jar": "shop.jar", "command": "java -Xss512k -jar shop.jar"}""")).App.Command);
    }

    [Fact]
    public void A_package_defaults_to_a_health_check_of_its_home_page_and_no_static_files()
    {
        var app = Config.AssertValid(Read("""{"package": "dist/shop.tar.gz", "command": ["./bin/shop"]}""")).App;

        Assert.Equal(new PackageSource("dist/shop.tar.gz"), app.Source);
        Assert.True(((PackageSource)app.Source).IsArchive);
        Assert.Equal(("/", (string?)null), (app.HealthPath, app.StaticDirectory));
    }

    [Fact]
    public void Every_mistake_in_an_app_is_reported_at_once_naming_the_property_and_what_to_do()
    {
        var result = Read("""
            {"project": "src/Shop/Shop.csproj", "jar": "shop.jar", "comand": "x", "javaVersion": 11}
            """);

        Config.AssertRefused(result, "app", "app has project and jar; an app comes from one of project, package or jar");
        Config.AssertRefused(result, "app", "app.comand is not an app setting (did you mean command?)");
    }

    public static TheoryData<string, string> Mistakes => new()
    {
        { """{"package": "p"}""", "" },
        { """{}""", "app needs one of project (a .NET project to publish" },
        { """{"project": "src/Shop/Shop.dll"}""", "app.project = \"src/Shop/Shop.dll\": must be a .NET project file (.csproj, .fsproj or .vbproj)" },
        { """{"jar": "shop.war"}""", "app.jar = \"shop.war\": must be a .jar file" },
        { """{"jar": "shop.jar", "javaVersion": 11}""", "app.javaVersion = 11: must be one of 17, 21, 25" },
        { """{"project": "a.csproj", "javaVersion": 21}""", "app.javaVersion applies to a jar only; this app is a project" },
        { """{"package": "p", "command": "./server --name 'a b'"}""", "quotes and backslashes aren't read as a shell would; write the command as a list of words" },
        { """{"package": "p", "command": ["/usr/bin/server"]}""", "its program \"/usr/bin/server\" must be a file of the package, as a relative path such as ./server" },
        { """{"package": "p", "command": ["../server"]}""", "(no absolute path, no . or .. segments)" },
        { """{"package": "p", "command": []}""", "app.command is empty; name the program to run" },
        { """{"package": "p", "command": ["./server", "line\nbreak"]}""", "without control characters" },
        { """{"project": "a.csproj", "releaseCommand": ["java", "-jar", "x.jar"]}""", "app.releaseCommand starts with java, which only a jar app has" },
        { """{"project": "a.csproj", "healthPath": "healthz"}""", "app.healthPath = \"healthz\": must be a path such as /healthz" },
        { """{"project": "a.csproj", "healthPath": "/a/../b"}""", "without // or . and .. segments" },
        { """{"project": "a.csproj", "staticDir": "wwwroot", "healthPath": "/static/up"}""", "app.healthPath = \"/static/up\" is under staticPath /static/" },
        { """{"project": "a.csproj", "staticPath": "/assets/"}""", "app.staticPath is set but staticDir is not" },
        { """{"project": "a.csproj", "staticDir": "wwwroot", "staticPath": "/"}""", "must be a URL path that starts and ends with /, such as /static/" },
        { """{"project": "a.csproj", "staticDir": "../shared"}""", "app.staticDir = \"../shared\": must be a relative folder" },
        { """{"project": "a.csproj", "env": {"2FAST": "x"}}""", "app.env: \"2FAST\" is not a variable name" },
        { """{"project": "a.csproj", "env": {"PORT": "80"}}""", "app.env.PORT is set by the stack for every app" },
        { """{"project": "a.csproj", "env": {"DATABASE_URL": "postgres://elsewhere"}}""", "app.env.DATABASE_URL is set by the stack for every app" },
        { """{"project": "a.csproj", "env": {"MULTI": "a\nb"}}""", "app.env.MULTI: at most 4096 characters, without control characters (a value that needs them belongs in secrets)" },
        { """{"project": "a.csproj", "env": {"LIST": [1, 2]}}""", "app.env.LIST must be text" },
        { """{"project": "a.csproj", "secrets": {"KEY": "nosuchSetting"}}""", "app.secrets.KEY names webstack:nosuchSetting, which is not set; set it with: pulumi config set --secret webstack:nosuchSetting <value> --stack dev" },
        { """{"project": "a.csproj", "secrets": {"KEY": "minSize"}}""", "app.secrets.KEY names webstack:minSize, which is one of the stack's own settings" },
        { """{"project": "a.csproj", "secrets": {"KEY": "two words"}}""", "must name a setting of the stack" },
        { """{"project": "a.csproj", "env": {"KEY": "x"}, "secrets": {"KEY": "k"}}""", "app.secrets.KEY is also in app.env; a variable is either plain or secret" },
        { """{"project": "a.csproj", "releaseTimeoutSeconds": 60}""", "app.releaseTimeoutSeconds is set but the app has no releaseCommand to time" },
        { """{"project": "a.csproj", "startTimeoutSeconds": 0}""", "app.startTimeoutSeconds = 0: must be a whole number of seconds from 5 to 600" },
        { """["a.csproj"]""", "must be a map of the app's settings" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_refused_under_the_app_setting(string app, string message)
    {
        var result = Read(app);

        if (message.Length == 0)
        {
            // A package with no command is fine in the settings: its app host is found in the package, or the plan says it can't be.
            Config.AssertValid(result);
            return;
        }

        Config.AssertRefused(result, "app", message);
    }

    [Fact]
    public void A_secret_stored_in_plain_text_is_refused_saying_how_to_store_it_as_a_secret()
    {
        var result = Read("""{"project": "a.csproj", "secrets": {"STRIPE_KEY": "stripeKey"}}""", ("stripeKey", ConfigValue.Plain("sk_live_123")));

        var problem = Config.AssertRefused(result, "app", "app.secrets.STRIPE_KEY names webstack:stripeKey, which is stored in plain text in Pulumi.dev.yaml",
            "pulumi config set --secret webstack:stripeKey <value> --stack dev");
        Assert.DoesNotContain("sk_live_123", problem.Message);
        Assert.DoesNotContain(result.Errors, error => error.Key == "stripeKey");
    }

    [Fact]
    public void The_settings_an_apps_secrets_name_are_the_stacks_own_keys_not_typos()
    {
        var result = Read("""{"project": "a.csproj", "secrets": {"STRIPE_KEY": "stripeKey"}}""", ("stripeKey", ConfigValue.UnreadableSecret), ("stripeKye", ConfigValue.UnreadableSecret));

        Config.AssertRefused(result, "stripeKye", "webstack:stripeKye is not a setting of this stack");
        Assert.DoesNotContain(result.Errors, error => error.Key == "stripeKey");
    }

    [Fact]
    public void A_sites_own_app_is_read_and_its_mistakes_are_named_by_the_site()
    {
        var good = Config.Valid(("sites", """[{"name": "shop", "serverName": "shop.example.com", "app": {"jar": "shop.jar"}}, {"name": "blog", "serverName": "blog.example.com"}]"""));
        var bad = Config.Read(("sites", """[{"name": "shop", "serverName": "shop.example.com", "app": {"jar": "shop.jar", "healthPath": "x"}}]"""));

        Assert.Equal(new JarSource("shop.jar", 21), good.Sites[0].App!.Source);
        Assert.Null(good.Sites[1].App);
        Config.AssertRefused(bad, "sites", "sites[0].app.healthPath = \"x\": must be a path such as /healthz");
    }

    [Fact]
    public void The_load_balancers_check_may_not_point_into_the_default_apps_static_folder()
    {
        Config.AssertRefused(Config.Read(("healthCheckPath", "/static/up")), "healthCheckPath", "is under /static/, where nginx serves the app's static files (staticPath)");
        Config.AssertValid(Config.Read(("healthCheckPath", "/static/up"), ("app", """{"project": "a.csproj"}""")));
    }
}
