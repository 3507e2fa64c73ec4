// The copy of nginx's error log that goes to CloudWatch: its follower script passes bash -n and shellcheck, and the
// real sed, given nginx's error lines, cuts every query string (request line, upstream, referrer) and keeps the rest.
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public sealed class NginxErrorLogCopyTests
{
    /// <summary>The real sed with the copy's expressions over <paramref name="lines"/>.</summary>
    public static IReadOnlyList<string> Cut(IEnumerable<string> lines)
    {
        var sed = Tools.Require("sed", "the error log copy's expressions");
        using var temp = new TempDirectory();
        var input = temp.File("error.log");
        File.WriteAllLines(input, lines);
        var result = Tools.Run(sed, [.. NginxErrorLogCopy.SedArguments, input]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.TrimEnd('\n').Split('\n');
    }

    [SkippableFact]
    public void Every_query_string_is_cut_and_the_rest_of_the_line_is_kept()
    {
        var cut = Cut(
        [
            "2026/11/29 16:42:11 [error] 1201#1201: *57 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.10, "
                + "server: _, request: \"GET /orders/7?password=hunter2&page=2 HTTP/1.1\", upstream: \"http://127.0.0.1:5001/orders/7?password=hunter2&page=2\", "
                + "host: \"www.example.com\", referrer: \"https://www.example.com/login?token=s3cr3t\"",
            "2026/11/29 16:42:12 [error] 1201#1201: *58 open() \"/opt/webstack/app/current/wwwroot/static/missing.css\" failed (2: No such file or directory), "
                + "client: 198.51.100.10, server: _, request: \"GET /static/missing.css?v=2&key=abc HTTP/1.1\", host: \"www.example.com\"",
            "2026/11/29 16:42:13 [notice] 1200#1200: signal process started",
        ]);

        Assert.Equal(
        [
            "2026/11/29 16:42:11 [error] 1201#1201: *57 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.10, "
                + $"server: _, request: \"GET /orders/7{NginxErrorLogCopy.Cut} HTTP/1.1\", upstream: \"http://127.0.0.1:5001/orders/7{NginxErrorLogCopy.Cut}\", "
                + $"host: \"www.example.com\", referrer: \"https://www.example.com/login{NginxErrorLogCopy.Cut}\"",
            "2026/11/29 16:42:12 [error] 1201#1201: *58 open() \"/opt/webstack/app/current/wwwroot/static/missing.css\" failed (2: No such file or directory), "
                + $"client: 198.51.100.10, server: _, request: \"GET /static/missing.css{NginxErrorLogCopy.Cut} HTTP/1.1\", host: \"www.example.com\"",
            "2026/11/29 16:42:13 [notice] 1200#1200: signal process started",
        ], cut);
    }

    [SkippableFact]
    public void A_query_with_quotes_and_commas_of_its_own_is_cut_to_the_next_space_leaving_nothing_of_it()
    {
        var cut = Cut(["request: \"GET /x?a=\",secret\"&b=\"more, HTTP/1.1\", host: \"h\""]);

        Assert.DoesNotContain("secret", cut[0], StringComparison.Ordinal);
        Assert.DoesNotContain("more", cut[0], StringComparison.Ordinal);
        Assert.EndsWith("host: \"h\"", cut[0], StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Bash_and_shellcheck_accept_the_follower()
    {
        var bash = Tools.Require("bash", "the error log follower");
        var shellcheck = Tools.Require("shellcheck", "the error log follower's shell style");
        using var temp = new TempDirectory();
        var script = temp.File("nginx-error-log-copy");
        File.WriteAllText(script, NginxErrorLogCopy.Script("/var/log/nginx/error.log"));

        var syntax = Tools.Run(bash, ["-n", script]);
        var lint = Tools.Run(shellcheck, ["--severity=style", script]);

        Assert.True(syntax.ExitCode == 0, syntax.ToString());
        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Contains("tail -F -n 0 -- '/var/log/nginx/error.log' | sed -u -E -e '", File.ReadAllText(script), StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_ships_the_copy_not_nginxs_own_error_log()
    {
        var plan = StackPlan.From(Config.Valid());

        var error = ServerLogs.For(plan.ServerLayout).Single(log => log.Key == ServerLogs.NginxError);

        Assert.Equal(NginxErrorLogCopy.LogPath, error.Path);
        Assert.Contains(NginxErrorLogCopy.LogPath, LogCopy.Logrotate(), StringComparison.Ordinal);
    }
}
