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
        var site = new AppSite("shop-eu", "shop.example.eu", [5003, 5004]);

        Assert.Equal("webstack_shop_eu", site.UpstreamName);
        Assert.Equal("webstack-shop-eu@.service", site.UnitTemplate);
        Assert.Equal("webstack-shop-eu@5004.service", site.UnitInstance(5004));
    }

    [Fact]
    public void Each_process_is_told_its_loopback_address_and_its_site()
    {
        var environment = AppEnvironment.ForProcess(new AppSite("blog", "blog.example.com", [5003]), "5003");

        Assert.Equal("http://127.0.0.1:5003", environment.Single(pair => pair.Key == "ASPNETCORE_URLS").Value);
        Assert.Equal("blog", environment.Single(pair => pair.Key == "WEBSTACK_SITE").Value);
        Assert.Equal("0", environment.Single(pair => pair.Key == "DOTNET_gcServer").Value);
    }
}
