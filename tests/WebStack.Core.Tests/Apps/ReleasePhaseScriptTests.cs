// The release phase's script, as every server and rehearsal runs it: valid bash that shellcheck accepts, refusing to
// run without its arguments. (Its runs against a real PostgreSQL are in the local tests.)
using WebStack.Core.Apps;
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Apps;

public sealed class ReleasePhaseScriptTests
{
    [SkippableFact]
    public void Bash_and_shellcheck_accept_the_script()
    {
        var shellcheck = Tools.Require("shellcheck", "the release script's shell style");
        using var temp = new TempDirectory();
        var script = temp.Write("webstack-release", ReleasePhase.Script());

        Assert.True(Tools.Run("bash", ["-n", script]).ExitCode == 0);
        var lint = Tools.Run(shellcheck, ["--severity=style", script]);
        Assert.True(lint.ExitCode == 0, lint.ToString());
    }

    [Fact]
    public void Without_its_arguments_the_script_says_how_to_call_it_and_runs_nothing()
    {
        using var temp = new TempDirectory();
        var script = temp.Write("webstack-release", ReleasePhase.Script());

        var result = Tools.Run("bash", [script, "default", "r1", "60", "./migrate"]);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage: webstack-release <site> <release> <timeout seconds> -- <program>", result.Stderr);
    }

    [Fact]
    public void The_arguments_carry_the_site_the_release_its_time_limit_and_the_command_as_the_server_runs_it()
    {
        var site = new AppSite("default", null, [5001], AppSettings.Sample with { ReleaseTimeoutSeconds = 120 });
        var layout = ServerLayout.AmazonLinux(WebStack.Core.Network.SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2));

        var arguments = ReleasePhase.Arguments(site, new AppLaunch("5e60a2ca0851", AppCommand.Of("./WebStack.App")), layout);

        Assert.Equal(["default", "5e60a2ca0851", "120", "--", "/opt/webstack/sites/default/current/WebStack.App", "--migrate"], arguments);
        Assert.Equal(120 + 60 + 120 + 60, ReleasePhase.UnitTimeoutSeconds(120));
    }
}
