// The nginx configuration of a server: the book's web server and reverse proxy. It serves static files itself,
// spreads requests over the app processes on the same server (app-level load balancing), fails over to the next
// process on error or timeout, and passes on who the client is (X-Real-IP, X-Forwarded-For, Host).
using System.Globalization;
using System.Text;
using WebStack.Core.Firewall;

namespace WebStack.Core.Servers;

public static class NginxConfig
{
    public static string Render(ServerPlan plan, ServerLayout layout) => Render(plan, layout, NginxTuning.Default);

    public static string Render(ServerPlan plan, ServerLayout layout, NginxTuning tuning)
    {
        var text = new ConfigWriter();
        text.Line($"# nginx for the webstack stack {plan.Stack}: static files, and a reverse proxy over {plan.ProcessCount} app processes.");
        text.Line("# Rendered by webstack from the stack's settings; a deployment overwrites changes made here.");
        if (layout.NginxUser is { } user)
        {
            text.Line($"user {ConfigText.Nginx(user)};");
        }

        text.Line("worker_processes auto;");
        text.Line($"pid {ConfigText.Nginx(layout.NginxPidPath)};");
        text.Line($"error_log {ConfigText.Nginx(layout.NginxErrorLogPath)} warn;");
        text.Line();
        text.Open("events");
        text.Line($"worker_connections {tuning.WorkerConnections.ToString(CultureInfo.InvariantCulture)};");
        text.Close();
        text.Line();
        text.Open("http");
        WriteHttpBasics(text, layout);
        WriteClientAddress(text, layout);
        WriteFromLoadBalancer(text, layout);
        WriteRequestId(text, layout);
        WriteHsts(text, plan);
        WriteProxyDefaults(text, tuning);
        foreach (var site in plan.Sites)
        {
            WriteUpstream(text, site, tuning);
        }

        foreach (var site in plan.Sites)
        {
            WriteServer(text, plan, site, layout);
        }

        text.Close();
        return text.ToString();
    }

    private static void WriteHttpBasics(ConfigWriter text, ServerLayout layout)
    {
        text.Line($"include {ConfigText.Nginx(layout.MimeTypesPath)};");
        text.Line("default_type application/octet-stream;");
        text.Line("server_tokens off;");
        text.Line("sendfile on;");
        text.Line("tcp_nopush on;");
        text.Line("# Longer than the load balancer's 60 s idle timeout, so nginx never closes a connection the load balancer is about to reuse.");
        text.Line("keepalive_timeout 75s;");
        text.Line("client_max_body_size 10m;");
        text.Line("# One JSON object per request (see NginxAccessLog): the path without its query string, no request header but the");
        text.Line("# ids, the host and the user agent, so what a client sends as a secret never reaches the log.");
        foreach (var line in NginxAccessLog.FormatLines())
        {
            text.Line(line);
        }

        text.Line("# Buffered: one write per 64 KB or per second instead of one per request.");
        text.Line($"access_log {ConfigText.Nginx(layout.NginxAccessLogPath)} {NginxAccessLog.FormatName} buffer=64k flush=1s;");
        if (layout.NginxTempDirectory is { } temp)
        {
            foreach (var kind in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
            {
                text.Line($"{kind}_temp_path {ConfigText.Nginx($"{temp}/{kind}")};");
            }
        }

        text.Line();
    }

    private static void WriteClientAddress(ConfigWriter text, ServerLayout layout)
    {
        text.Line("# Who the client is. The load balancer appends the address it saw to X-Forwarded-For; nginx believes that");
        text.Line("# header only from the load balancer's subnets, so $remote_addr (and X-Real-IP) is the client, never a spoofed value.");
        foreach (var proxy in layout.TrustedProxies)
        {
            text.Line($"set_real_ip_from {proxy};");
        }

        text.Line("real_ip_header X-Forwarded-For;");
        text.Line("real_ip_recursive on;");
        text.Line("# X-Forwarded-For as received plus the peer nginx saw: what $proxy_add_x_forwarded_for gives without the realip module.");
        text.Open("map $http_x_forwarded_for $webstack_forwarded_for");
        text.Line("\"\" $realip_remote_addr;");
        text.Line("default \"$http_x_forwarded_for, $realip_remote_addr\";");
        text.Close();
        text.Line("# The Host the client sent, port included; a request without one (HTTP/1.0) gets the address it came to,");
        text.Line("# since the app, reached over HTTP/1.1, refuses a request without a Host.");
        text.Open("map $http_host $webstack_host");
        text.Line("\"\" $server_addr;");
        text.Line("default $http_host;");
        text.Close();
        text.Open("map $http_x_forwarded_proto $webstack_forwarded_proto");
        text.Line("\"\" $scheme;");
        text.Line("default $http_x_forwarded_proto;");
        text.Close();
        text.Line();
    }

    // Whether the request's peer is the load balancer (its subnets): the headers only it may set (X-Request-Id,
    // X-Forwarded-Proto) count only then, as X-Forwarded-For does.
    private static void WriteFromLoadBalancer(ConfigWriter text, ServerLayout layout)
    {
        text.Open("geo $realip_remote_addr $webstack_from_load_balancer");
        text.Line("default 0;");
        foreach (var proxy in layout.TrustedProxies)
        {
            text.Line($"{proxy} 1;");
        }

        text.Close();
        text.Line();
    }

    private static void WriteRequestId(ConfigWriter text, ServerLayout layout)
    {
        if (layout.LoadBalancerSetsRequestId)
        {
            text.Line($"# The request's id: the one the load balancer sent in {RequestId.Header}, believed only from the load balancer's subnets");
            text.Line("# (as X-Forwarded-For is) and only when it looks like an id; otherwise nginx's own ($request_id, 32 hex digits).");
            text.Open($"map \"$webstack_from_load_balancer$http_{HeaderVariable(RequestId.Header)}\" {RequestId.NginxVariable}");
            text.Line($"\"~^1(?<webstack_given_id>{RequestId.Pattern})$\" $webstack_given_id;");
        }
        else
        {
            text.Line($"# The request's id: nginx's own ($request_id, 32 hex digits). The load balancer sets no {RequestId.Header} (an ALB passes a");
            text.Line($"# client's through), so one that arrives is the client's and isn't believed; the ALB's {RequestId.AmazonTraceHeader} is logged beside it.");
            text.Open($"map $request_id {RequestId.NginxVariable}");
        }

        text.Line("default $request_id;");
        text.Close();
        text.Line("# The path as the client sent it, without the query string: the access log's path.");
        text.Open($"map $request_uri {NginxAccessLog.PathVariable}");
        text.Line("\"~^(?<webstack_uri_path>[^?]*)\" $webstack_uri_path;");
        text.Line("default \"\";");
        text.Close();
        text.Line();
    }

    // HSTS goes only on answers to requests that came over HTTPS, which nginx (behind the load balancer's TLS) knows
    // from X-Forwarded-Proto alone, so that header counts only from the load balancer's subnets, like X-Forwarded-For.
    // An empty value makes add_header send nothing: never on plain HTTP, never on a spoofed header.
    private static void WriteHsts(ConfigWriter text, ServerPlan plan)
    {
        if (plan.HstsMaxAgeSeconds <= 0)
        {
            return;
        }

        text.Line("# Strict-Transport-Security: only when the request came over HTTPS, as the load balancer (and nobody else) says.");
        text.Open("map \"$webstack_from_load_balancer:$http_x_forwarded_proto\" $webstack_hsts");
        text.Line($"\"1:https\" \"max-age={plan.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}\";");
        text.Line("default \"\";");
        text.Close();
        text.Line();
    }

    /// <summary>The name of nginx's $http_ variable for a request header: lower case, dashes as underscores.</summary>
    private static string HeaderVariable(string header) => header.ToLowerInvariant().Replace('-', '_');

    private static void WriteProxyDefaults(ConfigWriter text, NginxTuning tuning)
    {
        text.Line("# Every location below proxies with these headers (the book's three, plus the scheme).");
        text.Line("proxy_set_header Host $webstack_host;");
        text.Line("proxy_set_header X-Real-IP $remote_addr;");
        text.Line("proxy_set_header X-Forwarded-For $webstack_forwarded_for;");
        text.Line("proxy_set_header X-Forwarded-Proto $webstack_forwarded_proto;");
        text.Line($"proxy_set_header {RequestId.Header} {RequestId.NginxVariable};");
        if (tuning.UpstreamKeepalive > 0)
        {
            text.Line("# HTTP/1.1 without \"Connection: close\" lets nginx reuse its connections to the app processes.");
            text.Line("proxy_http_version 1.1;");
            text.Line("proxy_set_header Connection \"\";");
        }

        text.Line("# A process that refuses, resets or stalls: try the next one. The client never sees it.");
        text.Line("proxy_next_upstream error timeout;");
        text.Line("proxy_connect_timeout 2s;");
        text.Line("proxy_read_timeout 60s;");
        text.Line();
    }

    private static void WriteUpstream(ConfigWriter text, AppSite site, NginxTuning tuning)
    {
        text.Open($"upstream {site.UpstreamName}");
        foreach (var port in site.Ports)
        {
            // One failure takes a process out for 5 s; nginx then tries it again, so a restarted process rejoins quickly.
            text.Line($"server {AppEnvironment.Loopback}:{port.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=5s;");
        }

        if (tuning.UpstreamKeepalive > 0)
        {
            text.Line($"keepalive {tuning.UpstreamKeepalive.ToString(CultureInfo.InvariantCulture)};");
        }

        text.Close();
        text.Line();
    }

    private static void WriteServer(ConfigWriter text, ServerPlan plan, AppSite site, ServerLayout layout)
    {
        var listen = layout.ListenAddress is { } address
            ? $"{address}:{layout.ListenPort.ToString(CultureInfo.InvariantCulture)}"
            : layout.ListenPort.ToString(CultureInfo.InvariantCulture);

        text.Open("server");
        text.Line(site.IsDefault ? $"listen {listen} default_server;" : $"listen {listen};");
        text.Line(site.IsDefault ? "server_name _;" : $"server_name {site.ServerName};");
        // At the server level, where every add_header of this server belongs: a location with one of its own would
        // silently drop these.
        text.Line("# Every answer names its request, errors included.");
        text.Line($"add_header {RequestId.Header} {RequestId.NginxVariable} always;");
        if (plan.HstsMaxAgeSeconds > 0)
        {
            text.Line("add_header Strict-Transport-Security $webstack_hsts always;");
        }

        text.Line();
        if (layout.StaticRoot(site) is { } root)
        {
            text.Line("# Static files straight from disk: the app never sees these requests.");
            text.Open($"location {site.App.StaticPath}");
            text.Line($"alias {ConfigText.Nginx(root + "/")};");
            text.Line("expires 1h;");
            text.Line("access_log off;");
            text.Close();
        }

        if (site.IsDefault)
        {
            text.Line();
            text.Line($"# The load balancer's health check: healthy while nginx runs and at least one app process answers {site.App.HealthPath}.");
            text.Line("# (A health path that doesn't test the database keeps a database outage from making the fleet replace every server.)");
            text.Open($"location = {plan.HealthCheckPath}");
            text.Line($"proxy_pass http://{site.UpstreamName}{site.App.HealthPath};");
            text.Line("access_log off;");
            text.Close();
        }

        text.Line();
        text.Open("location /");
        text.Line($"proxy_pass http://{site.UpstreamName};");
        text.Close();
        text.Close();
        text.Line();
    }
}
