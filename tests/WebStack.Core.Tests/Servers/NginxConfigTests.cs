// The nginx config each server runs: checked by nginx itself for every variation of the settings, and read back
// directive by directive for what it must say.
using System.Net;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public class NginxConfigTests
{
    private const string TwoSites =
        "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 3}, {\"name\": \"shop-eu\", \"serverName\": \"*.shop.example.eu\", \"processes\": 1}]";

    /// <summary>The settings variations nginx must accept, by name.</summary>
    private static readonly Dictionary<string, (string, string)[]> SettingsVariations = new()
    {
        ["defaults"] = [],
        ["one process"] = [("appProcesses", "1")],
        ["sixteen processes"] = [("appProcesses", "16"), ("appBasePort", "20000")],
        ["extra sites"] = [("sites", TwoSites)],
        ["most processes with sites"] = [("appProcesses", "16"), ("sites", "[{\"name\": \"blog\", \"serverName\": \"blog.example.com\", \"processes\": 16}]")],
        ["own health path"] = [("healthCheckPath", "/_ops/health-check.v2")],
        ["prod"] = [("profile", "prod"), ("sites", TwoSites)],
        ["https on a name"] = [("profile", "prod"), ("sites", TwoSites), ("domainName", "www.example.com"), ("hostedZone", "example.com")],
    };

    private static readonly Dictionary<string, NginxTuning> Tunings = new()
    {
        ["default tuning"] = NginxTuning.Default,
        ["no upstream keepalive"] = new NginxTuning(UpstreamKeepalive: 0),
        ["small"] = new NginxTuning(UpstreamKeepalive: 1, WorkerConnections: 64),
    };

    private static readonly string[] LayoutKinds = ["local", "amazon linux", "odd paths", "behind haproxy"];

    public static TheoryData<string, string, string> Variations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var settings in SettingsVariations.Keys)
        {
            foreach (var tuning in Tunings.Keys)
            {
                foreach (var layout in LayoutKinds)
                {
                    data.Add(settings, tuning, layout);
                }
            }
        }

        return data;
    }

    private static ServerLayout LayoutFor(string kind, string root, StackSettings settings)
    {
        var local = Layouts.Local(root, Layouts.FreePort());
        return kind switch
        {
            "local" => local,
            // The EC2 layout with its paths moved into the temp directory, and a worker account this machine has.
            "amazon linux" => ServerLayout.AmazonLinux(SubnetPlan.Create(settings.Network.VpcCidr, settings.Network.AzCount)) with
            {
                NginxConfigPath = local.NginxConfigPath,
                NginxPidPath = local.NginxPidPath,
                NginxErrorLogPath = local.NginxErrorLogPath,
                NginxAccessLogPath = local.NginxAccessLogPath,
                MimeTypesPath = local.MimeTypesPath,
                // As root, nginx's own temp paths and a worker account; as anyone else, neither is open to us.
                NginxUser = Environment.UserName == "root" ? WorkerAccount() : null,
                NginxTempDirectory = Environment.UserName == "root" ? null : local.NginxTempDirectory,
                ListenPort = local.ListenPort,
                SitesDirectory = local.SitesDirectory,
            },
            "odd paths" => OddPaths(root, local),
            // The topology's servers: the load balancer names each request, so nginx believes its X-Request-Id.
            "behind haproxy" => local with { LoadBalancerSetsRequestId = true },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>
    /// An account with a group of the same name, as "user NAME;" needs (Amazon Linux's nginx; Debian's www-data).
    /// </summary>
    private static string? WorkerAccount()
    {
        static IEnumerable<string> Names(string file) =>
            File.Exists(file) ? File.ReadLines(file).Select(line => line.Split(':')[0]) : [];

        var groups = Names("/etc/group").ToHashSet();
        return Names("/etc/passwd").Where(groups.Contains).FirstOrDefault(name => name is "nginx" or "www-data" or "daemon");
    }

    /// <summary>Paths with spaces, quotes, backslashes and braces: quoting must carry them to nginx unchanged.</summary>
    private static ServerLayout OddPaths(string root, ServerLayout local)
    {
        var odd = Path.Combine(root, "my \"odd\" dir; {x} \\ y");
        Directory.CreateDirectory(Path.Combine(odd, "tmp dir"));
        return local with
        {
            NginxErrorLogPath = Path.Combine(odd, "error log.txt"),
            NginxAccessLogPath = Path.Combine(odd, "access 'log'.txt"),
            NginxTempDirectory = Path.Combine(odd, "tmp dir"),
            SitesDirectory = Path.Combine(odd, "sites"),
        };
    }

    private static ToolResult NginxTest(string nginx, ServerLayout layout, string config)
    {
        File.WriteAllText(layout.NginxConfigPath, config);
        var prefix = Path.GetDirectoryName(layout.NginxConfigPath)!;
        return Tools.Run(nginx, ["-t", "-p", prefix + "/", "-c", layout.NginxConfigPath, "-e", Path.Combine(prefix, "startup-error.log")]);
    }

    [SkippableTheory]
    [MemberData(nameof(Variations))]
    public void Nginx_accepts_the_config_for_every_variation(string settingsName, string tuningName, string layoutKind)
    {
        var nginx = Tools.Require("nginx", "the rendered nginx config");
        using var temp = new TempDirectory();
        var settings = Config.Valid(SettingsVariations[settingsName]);
        var layout = LayoutFor(layoutKind, temp.Path, settings);

        var config = NginxConfig.Render(ServerPlan.From(settings), layout, Tunings[tuningName]);
        var result = NginxTest(nginx, layout, config);

        Assert.True(result.ExitCode == 0 && result.Stderr.Contains("test is successful", StringComparison.Ordinal),
            $"nginx -t refused the config for {settingsName}, {tuningName}, {layoutKind}:\n{result}\nconfig:\n{config}");
        // nginx opened its logs at exactly the paths the layout names: the quoting carried them through.
        Assert.True(File.Exists(layout.NginxErrorLogPath), $"nginx wrote no error log at {layout.NginxErrorLogPath}");
        Assert.True(File.Exists(layout.NginxAccessLogPath), $"nginx opened no access log at {layout.NginxAccessLogPath}");
    }

    [SkippableFact]
    public void Nginx_refuses_a_broken_config_so_the_check_above_means_something()
    {
        var nginx = Tools.Require("nginx", "the rendered nginx config");
        using var temp = new TempDirectory();
        var layout = Layouts.Local(temp.Path, Layouts.FreePort());
        var config = NginxConfig.Render(ServerPlan.From(Config.Valid()), layout).Replace("proxy_next_upstream error timeout;", "proxy_next_upstream error timeout", StringComparison.Ordinal);

        var result = NginxTest(nginx, layout, config);

        Assert.NotEqual(0, result.ExitCode);
    }

    private static NginxDirective Http(StackSettings settings, ServerLayout layout, NginxTuning? tuning = null) =>
        NginxConf.Parse(NginxConfig.Render(ServerPlan.From(settings), layout, tuning ?? NginxTuning.Default)).One("http");

    private static ServerLayout LocalLayout() => Layouts.OnPaper();

    private static NginxDirective ServerFor(NginxDirective http, string serverName) =>
        Assert.Single(http.All("server"), server => server.ArgsOf("server_name").SequenceEqual([serverName]));

    [Theory]
    [InlineData(1, 5001)]
    [InlineData(2, 5001)]
    [InlineData(16, 30000)]
    public void The_default_upstream_has_one_server_per_process_on_consecutive_loopback_ports(int processes, int basePort)
    {
        var settings = Config.Valid(("appProcesses", processes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("appBasePort", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var upstream = Http(settings, LocalLayout()).One("upstream", "webstack_default");

        Assert.Equal(
            Enumerable.Range(basePort, processes).Select(port => $"127.0.0.1:{port} max_fails=1 fail_timeout=5s"),
            upstream.All("server").Select(server => string.Join(' ', server.Args)));
    }

    [Fact]
    public void Each_site_gets_its_own_upstream_with_the_ports_after_the_previous_sites()
    {
        var settings = Config.Valid(("appProcesses", "2"), ("sites", TwoSites));

        var http = Http(settings, LocalLayout());

        Assert.Equal(["webstack_default", "webstack_blog", "webstack_shop_eu"], http.All("upstream").Select(upstream => upstream.Args[0]));
        string[] Ports(string upstream) => http.One("upstream", upstream).All("server").Select(server => server.Args[0]).ToArray();
        Assert.Equal(["127.0.0.1:5001", "127.0.0.1:5002"], Ports("webstack_default"));
        Assert.Equal(["127.0.0.1:5003", "127.0.0.1:5004", "127.0.0.1:5005"], Ports("webstack_blog"));
        Assert.Equal(["127.0.0.1:5006"], Ports("webstack_shop_eu"));
    }

    [Fact]
    public void Each_site_is_served_under_its_own_server_name_and_the_default_app_answers_every_other_host()
    {
        var settings = Config.Valid(("sites", TwoSites));

        var http = Http(settings, LocalLayout());

        Assert.Equal(["_", "blog.example.com", "*.shop.example.eu"], http.All("server").Select(server => server.ArgsOf("server_name").Single()));
        Assert.Equal(["127.0.0.1:8080", "default_server"], ServerFor(http, "_").ArgsOf("listen"));
        Assert.Equal(["127.0.0.1:8080"], ServerFor(http, "blog.example.com").ArgsOf("listen"));
        Assert.Equal(["http://webstack_blog"], ServerFor(http, "blog.example.com").One("location", "/").ArgsOf("proxy_pass"));
        Assert.Equal(["http://webstack_shop_eu"], ServerFor(http, "*.shop.example.eu").One("location", "/").ArgsOf("proxy_pass"));
        Assert.Equal(["http://webstack_default"], ServerFor(http, "_").One("location", "/").ArgsOf("proxy_pass"));
    }

    [Fact]
    public void With_HTTPS_every_server_sets_HSTS_at_its_own_level_and_no_location_sets_headers_of_its_own()
    {
        var settings = Config.Valid(("sites", TwoSites), ("domainName", "www.example.com"), ("hostedZone", "example.com"), ("hstsMaxAgeSeconds", "600"));

        var http = Http(settings, LocalLayout());

        foreach (var server in http.All("server"))
        {
            Assert.Contains(server.All("add_header"), header => header.Args.SequenceEqual(["Strict-Transport-Security", "$webstack_hsts", "always"]));
            // A location's own add_header would drop the server's (nginx inherits add_header only into levels with none).
            Assert.All(server.All("location"), location => Assert.Empty(location.All("add_header")));
        }

        var map = http.One("map", "$webstack_from_load_balancer:$http_x_forwarded_proto", "$webstack_hsts");
        Assert.Equal(["max-age=600"], map.ArgsOf("1:https"));
        Assert.Equal([""], map.ArgsOf("default"));
        var geo = http.One("geo", "$realip_remote_addr", "$webstack_from_load_balancer");
        Assert.Equal(["1"], geo.ArgsOf("127.0.0.1/32"));
        Assert.Equal(["0"], geo.ArgsOf("default"));
    }

    [Theory]
    [InlineData("no HTTPS", "")]
    [InlineData("HSTS off", "domainName=www.example.com;hostedZone=example.com;hstsMaxAgeSeconds=0")]
    public void Without_HTTPS_or_with_HSTS_off_the_config_sends_no_HSTS(string name, string settingsText)
    {
        var pairs = settingsText.Length == 0 ? [] : settingsText.Split(';').Select(pair => pair.Split('=')).Select(pair => (pair[0], pair[1])).ToArray();

        var text = NginxConfig.Render(ServerPlan.From(Config.Valid(pairs)), LocalLayout());

        Assert.False(text.Contains("Strict-Transport-Security", StringComparison.Ordinal), name);
    }

    [Fact]
    public void Only_the_default_server_answers_the_health_check_and_it_asks_the_apps_liveness()
    {
        var settings = Config.Valid(("healthCheckPath", "/ops/healthz"), ("sites", TwoSites));

        var http = Http(settings, LocalLayout());

        var health = ServerFor(http, "_").One("location", "=", "/ops/healthz");
        Assert.Equal(["http://webstack_default/health/live"], health.ArgsOf("proxy_pass"));
        Assert.Equal(["off"], health.ArgsOf("access_log"));
        foreach (var server in http.All("server").Where(server => server.ArgsOf("server_name").Single() != "_"))
        {
            Assert.DoesNotContain(server.All("location"), location => location.Args.Contains("/ops/healthz"));
        }
    }

    [Fact]
    public void Every_server_serves_static_files_from_the_apps_wwwroot()
    {
        var settings = Config.Valid(("sites", TwoSites));
        var layout = LocalLayout();

        var http = Http(settings, layout);

        Assert.Equal(3, http.All("server").Count());
        foreach (var server in http.All("server"))
        {
            var location = server.One("location", "/static/");
            var serverName = server.ArgsOf("server_name").Single();
            var site = settings.Sites.SingleOrDefault(site => site.ServerName == serverName)?.Name ?? AppSite.DefaultName;
            Assert.Equal([layout.SiteDirectory(site) + "/wwwroot/"], location.ArgsOf("alias"));
            Assert.Equal(["1h"], location.ArgsOf("expires"));
            Assert.DoesNotContain(location.Children, directive => directive.Name == "proxy_pass");
        }
    }

    [Fact]
    public void Requests_are_proxied_with_the_clients_host_address_forwarding_chain_and_scheme()
    {
        var http = Http(Config.Valid(), LocalLayout());

        var headers = http.All("proxy_set_header").ToDictionary(header => header.Args[0], header => header.Args[1]);
        Assert.Equal("$webstack_host", headers["Host"]);
        Assert.Equal("$remote_addr", headers["X-Real-IP"]);
        Assert.Equal("$webstack_forwarded_for", headers["X-Forwarded-For"]);
        Assert.Equal("$webstack_forwarded_proto", headers["X-Forwarded-Proto"]);
        var forwardedFor = http.One("map", "$http_x_forwarded_for", "$webstack_forwarded_for");
        Assert.Equal(["$realip_remote_addr"], forwardedFor.ArgsOf(""));
        Assert.Equal(["$http_x_forwarded_for, $realip_remote_addr"], forwardedFor.ArgsOf("default"));
    }

    [Fact]
    public void A_process_that_fails_or_stalls_is_skipped_for_the_next_one()
    {
        var http = Http(Config.Valid(), LocalLayout());

        Assert.Equal(["error", "timeout"], http.ArgsOf("proxy_next_upstream"));
        Assert.Equal(["2s"], http.ArgsOf("proxy_connect_timeout"));
    }

    [Fact]
    public void Upstream_keepalive_reuses_connections_to_the_app_processes()
    {
        var http = Http(Config.Valid(("sites", TwoSites)), LocalLayout(), new NginxTuning(UpstreamKeepalive: 16));

        Assert.All(http.All("upstream"), upstream => Assert.Equal(["16"], upstream.ArgsOf("keepalive")));
        Assert.Equal(["1.1"], http.ArgsOf("proxy_http_version"));
        Assert.Contains(http.All("proxy_set_header"), header => header.Args.SequenceEqual(["Connection", ""]));
    }

    [Fact]
    public void Without_upstream_keepalive_each_request_opens_its_own_connection()
    {
        var http = Http(Config.Valid(("sites", TwoSites)), LocalLayout(), new NginxTuning(UpstreamKeepalive: 0));

        Assert.All(http.All("upstream"), upstream => Assert.Empty(upstream.All("keepalive")));
        Assert.Empty(http.All("proxy_http_version"));
        Assert.DoesNotContain(http.All("proxy_set_header"), header => header.Args[0] == "Connection");
    }

    [Fact]
    public void The_default_tuning_keeps_128_idle_connections_and_4096_worker_connections()
    {
        var root = NginxConf.Parse(NginxConfig.Render(ServerPlan.From(Config.Valid()), LocalLayout()));

        Assert.Equal(["4096"], root.One("events").ArgsOf("worker_connections"));
        Assert.Equal(["128"], root.One("http").One("upstream", "webstack_default").ArgsOf("keepalive"));
    }

    [Fact]
    public void Nginx_believes_x_forwarded_for_only_from_the_load_balancers_public_subnets_on_ec2()
    {
        var settings = Config.Valid(("azCount", "3"), ("vpcCidr", "10.20.0.0/16"));
        var plan = SubnetPlan.Create(settings.Network.VpcCidr, settings.Network.AzCount);

        var http = Http(settings, ServerLayout.AmazonLinux(plan));

        Assert.Equal(plan.InTier(SubnetTier.Public).Select(subnet => subnet.Cidr.ToString()), http.All("set_real_ip_from").Select(d => d.Args.Single()));
        Assert.Equal(["10.20.128.0/22", "10.20.132.0/22", "10.20.136.0/22"], http.All("set_real_ip_from").Select(d => d.Args.Single()));
        Assert.Equal(["X-Forwarded-For"], http.ArgsOf("real_ip_header"));
        Assert.Equal(["on"], http.ArgsOf("real_ip_recursive"));
    }

    [Fact]
    public void On_ec2_nginx_runs_as_its_own_user_with_its_packages_paths_and_listens_on_every_address()
    {
        var plan = SubnetPlan.Create(IPNetwork.Parse("10.0.0.0/16"), 2);
        var layout = ServerLayout.AmazonLinux(plan);

        var root = NginxConf.Parse(NginxConfig.Render(ServerPlan.From(Config.Valid()), layout));

        Assert.Equal(["nginx"], root.ArgsOf("user"));
        Assert.Equal(["/run/nginx.pid"], root.ArgsOf("pid"));
        Assert.Equal(["/var/log/nginx/error.log", "warn"], root.ArgsOf("error_log"));
        var http = root.One("http");
        Assert.Equal(["/etc/nginx/mime.types"], http.ArgsOf("include"));
        Assert.Equal(["/var/log/nginx/access.log", "webstack", "buffer=64k", "flush=1s"], http.ArgsOf("access_log"));
        Assert.Empty(http.All("proxy_temp_path"));
        Assert.Equal(["80", "default_server"], ServerFor(http, "_").ArgsOf("listen"));
        Assert.Equal(["/opt/webstack/sites/default/current/wwwroot/"], ServerFor(http, "_").One("location", "/static/").ArgsOf("alias"));
    }

    [Fact]
    public void A_local_layout_has_no_user_line_and_keeps_nginxs_temp_files_in_its_own_directory()
    {
        var layout = LocalLayout();

        var root = NginxConf.Parse(NginxConfig.Render(ServerPlan.From(Config.Valid()), layout));

        Assert.Empty(root.All("user"));
        var http = root.One("http");
        foreach (var kind in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Assert.Equal([$"{layout.NginxTempDirectory}/{kind}"], http.ArgsOf($"{kind}_temp_path"));
        }
    }

    [Fact]
    public void The_header_names_the_stack_and_the_process_count()
    {
        var settings = Config.ValidStack("qa", ("appProcesses", "3"), ("sites", TwoSites));

        var text = NginxConfig.Render(ServerPlan.From(settings), LocalLayout());

        Assert.StartsWith("# nginx for the webstack stack qa: static files, and a reverse proxy over 7 app processes.\n", text);
    }

    [Fact]
    public void A_layout_value_nginx_would_expand_is_refused_rather_than_rendered()
    {
        var layout = LocalLayout() with { SitesDirectory = "/srv/$host/sites" };

        var exception = Assert.Throws<ArgumentException>(() => NginxConfig.Render(ServerPlan.From(Config.Valid()), layout));
        Assert.Contains("contains '$', which nginx would read as a variable", exception.Message);
    }

    [Fact]
    public void The_same_settings_always_render_the_same_config()
    {
        var layout = LocalLayout();
        var settings = Config.Valid(("sites", TwoSites));

        Assert.Equal(NginxConfig.Render(ServerPlan.From(settings), layout), NginxConfig.Render(ServerPlan.From(Config.Valid(("sites", TwoSites))), layout));
    }
}
