// How the apps are laid out on a server: the main app first, then each site, on consecutive loopback ports.
using WebStack.Core.Servers;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public class AppSiteTests
{
    [Fact]
    public void The_main_app_comes_first_and_each_site_follows_on_the_next_ports()
    {
        var sites = AppSite.For(2, [new SiteSettings("blog", "blog.example.com", 3), new SiteSettings("wiki", "wiki.example.com", 1)], 7000);

        Assert.Equal(["default", "blog", "wiki"], sites.Select(site => site.Name));
        Assert.Equal([7000, 7001], sites[0].Ports);
        Assert.Equal([7002, 7003, 7004], sites[1].Ports);
        Assert.Equal([7005], sites[2].Ports);
        Assert.True(sites[0].IsDefault);
        Assert.Null(sites[0].ServerName);
        Assert.False(sites[1].IsDefault);
    }

    [Fact]
    public void The_server_plan_comes_from_the_settings()
    {
        var settings = Config.ValidStack("qa", ("appProcesses", "3"), ("appBasePort", "6000"), ("healthCheckPath", "/up"),
            ("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\"}]"));

        var plan = ServerPlan.From(settings);

        Assert.Equal("qa", plan.Stack);
        Assert.Equal("/up", plan.HealthCheckPath);
        Assert.Equal(6, plan.ProcessCount);
        Assert.Equal("default", plan.DefaultSite.Name);
        Assert.Equal([6003, 6004, 6005], plan.Sites[1].Ports);
    }

    [Fact]
    public void A_sites_upstream_and_units_are_named_after_it()
    {
        var site = TestApps.Site("shop-eu", "shop.example.eu", 5003, 5004);

        Assert.Equal("webstack_shop_eu", site.UpstreamName);
        Assert.Equal("webstack-shop-eu@.service", site.UnitTemplate);
        Assert.Equal("webstack-shop-eu@5004.service", site.UnitInstance(5004));
    }

    [Fact]
    public void Each_process_is_told_its_loopback_port_in_every_frameworks_spelling_its_site_and_its_release()
    {
        var environment = AppEnvironment.ForProcess(TestApps.Site("blog", "blog.example.com", 5003), "5003", "5e60a2ca0851", "/var/lib/webstack/blog")
            .ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("5003", environment["PORT"]);
        Assert.Equal("http://127.0.0.1:5003", environment["ASPNETCORE_URLS"]);
        Assert.Equal("5003", environment["SERVER_PORT"]);
        Assert.Equal("127.0.0.1", environment["SERVER_ADDRESS"]);
        Assert.Equal("blog", environment["WEBSTACK_SITE"]);
        Assert.Equal("5e60a2ca0851", environment["WEBSTACK_RELEASE"]);
        Assert.Equal("/var/lib/webstack/blog", environment["STATE_DIRECTORY"]);
        Assert.Equal("/var/lib/webstack/blog", environment["HOME"]);
        Assert.Equal("0", environment["DOTNET_gcServer"]);
    }

    [Fact]
    public void An_apps_own_variables_come_after_the_contracts_and_may_set_the_runtime_defaults()
    {
        var app = TestApps.Sample with { Environment = new Dictionary<string, string> { ["FEATURE_X"] = "on", ["DOTNET_gcServer"] = "1" } };
        var site = new AppSite("default", null, [5001], app);

        var environment = AppEnvironment.ForProcess(site, "5001", "r", "/s");

        Assert.Equal("on", environment.Single(pair => pair.Key == "FEATURE_X").Value);
        Assert.Equal(["1"], environment.Where(pair => pair.Key == "DOTNET_gcServer").Select(pair => pair.Value));
        Assert.Empty(environment.Where(pair => pair.Key == "PORT").Skip(1));
    }
}
