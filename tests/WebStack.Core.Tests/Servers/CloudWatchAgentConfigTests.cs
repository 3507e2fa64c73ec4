// The CloudWatch agent's configuration on a server: valid JSON in the agent's schema, each server log to its own
// group with one stream per instance, and memory and disk metrics in CWAgent carrying the stack's dimension.
using System.Text.Json;
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public sealed class CloudWatchAgentConfigTests
{
    private static readonly IReadOnlyDictionary<string, string> Groups = ServerLogs.Keys.ToDictionary(key => key, key => $"webstack-dev-logs-{key}-0a1b2c3");

    private static JsonElement Render()
    {
        var plan = StackPlan.From(Config.Valid());
        return JsonDocument.Parse(CloudWatchAgentConfig.Render(ServerLogs.For(plan.ServerLayout), Groups, "webstack-dev")).RootElement;
    }

    [Fact]
    public void Every_server_log_goes_to_its_own_group_one_stream_per_instance()
    {
        var collected = Render().GetProperty("logs").GetProperty("logs_collected").GetProperty("files").GetProperty("collect_list").EnumerateArray()
            .Select(entry => (entry.GetProperty("file_path").GetString(), entry.GetProperty("log_group_name").GetString(), entry.GetProperty("log_stream_name").GetString()))
            .ToList();

        Assert.Equal(
        [
            ("/var/log/nginx/access.log", Groups[ServerLogs.NginxAccess], "{instance_id}"),
            ("/var/log/webstack/nginx-error.log", Groups[ServerLogs.NginxError], "{instance_id}"),
            ("/var/log/webstack/app.log", Groups[ServerLogs.App], "{instance_id}"),
        ], collected);
    }

    [Fact]
    public void Memory_and_disk_go_to_cwagent_with_the_instance_and_the_stack_as_dimensions()
    {
        var metrics = Render().GetProperty("metrics");

        Assert.Equal("CWAgent", metrics.GetProperty("namespace").GetString());
        Assert.Equal("${aws:InstanceId}", metrics.GetProperty("append_dimensions").GetProperty("InstanceId").GetString());
        var collected = metrics.GetProperty("metrics_collected");
        Assert.Equal("mem_used_percent", collected.GetProperty("mem").GetProperty("measurement")[0].GetString());
        Assert.Equal("used_percent", collected.GetProperty("disk").GetProperty("measurement")[0].GetString());
        Assert.Equal("/", collected.GetProperty("disk").GetProperty("resources")[0].GetString());
        Assert.All(new[] { "mem", "disk" }, name => Assert.Equal("webstack-dev", collected.GetProperty(name).GetProperty("append_dimensions").GetProperty("Stack").GetString()));
        // No AutoScalingGroupName: it would take ec2:DescribeTags, which the instance role doesn't have.
        Assert.DoesNotContain("AutoScalingGroupName", metrics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_without_a_group_is_refused()
    {
        var plan = StackPlan.From(Config.Valid());

        var exception = Assert.Throws<ArgumentException>(() => CloudWatchAgentConfig.Render(ServerLogs.For(plan.ServerLayout),
            new Dictionary<string, string> { [ServerLogs.App] = "x" }, "webstack-dev"));

        Assert.Contains("no log group for nginx-access, nginx-error", exception.Message, StringComparison.Ordinal);
    }
}
