// The CloudWatch agent's configuration on a server (JSON, the agent's own schema): which files go to which log group of
// the stack, one stream per instance, and the memory and disk use of the instance as metrics in the CWAgent namespace,
// marked with the stack so its dashboard finds every instance the group ever ran.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebStack.Core.Servers;

public static class CloudWatchAgentConfig
{
    public const string Path = "/opt/aws/amazon-cloudwatch-agent/etc/webstack-agent.json";

    public const string Control = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

    /// <summary>The agent's default namespace; the instance role may publish to it and nowhere else.</summary>
    public const string MetricsNamespace = "CWAgent";

    /// <summary>The dimension every agent metric carries: the stack's base name.</summary>
    public const string StackDimension = "Stack";

    public const string MemoryMetric = "mem_used_percent";

    public const string DiskMetric = "disk_used_percent";

    /// <summary>How often the agent samples memory and disk: CloudWatch's standard resolution.</summary>
    public const int MetricsIntervalSeconds = 60;

    /// <param name="stack">The value of the Stack dimension (the stack's names' base, e.g. webstack-dev).</param>
    /// <param name="logGroups">The log group of each server log, by its key (ServerLogs).</param>
    public static string Render(IReadOnlyList<ServerLog> logs, IReadOnlyDictionary<string, string> logGroups, string stack)
    {
        var missing = logs.Where(log => !logGroups.ContainsKey(log.Key)).Select(log => log.Key).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"no log group for {string.Join(", ", missing)}", nameof(logGroups));
        }

        JsonObject StackDimensions() => new() { [StackDimension] = stack };
        var collect = new JsonArray();
        foreach (var log in logs)
        {
            collect.Add(new JsonObject
            {
                ["file_path"] = log.Path,
                ["log_group_name"] = logGroups[log.Key],
                // One stream per instance: a server's lines stay together, and a replaced server's stay readable.
                ["log_stream_name"] = "{instance_id}",
            });
        }

        var config = new JsonObject
        {
            // Runs as root (the default): nginx's logs are root's.
            ["agent"] = new JsonObject
            {
                ["metrics_collection_interval"] = MetricsIntervalSeconds,
                ["logfile"] = "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log",
            },
            ["metrics"] = new JsonObject
            {
                ["namespace"] = MetricsNamespace,
                // From the instance metadata; the Auto Scaling group's name would need ec2:DescribeTags (and an EC2
                // endpoint without NAT), so the metrics carry the stack's name instead.
                ["append_dimensions"] = new JsonObject { ["InstanceId"] = "${aws:InstanceId}" },
                ["metrics_collected"] = new JsonObject
                {
                    ["mem"] = new JsonObject
                    {
                        ["measurement"] = new JsonArray("mem_used_percent"),
                        ["append_dimensions"] = StackDimensions(),
                    },
                    ["disk"] = new JsonObject
                    {
                        ["measurement"] = new JsonArray("used_percent"),
                        ["resources"] = new JsonArray("/"),
                        ["drop_device"] = true,
                        ["append_dimensions"] = StackDimensions(),
                    },
                },
            },
            ["logs"] = new JsonObject
            {
                ["logs_collected"] = new JsonObject
                {
                    ["files"] = new JsonObject { ["collect_list"] = collect },
                },
                ["force_flush_interval"] = 5,
            },
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Loads the configuration and (re)starts the agent with it: safe to run again.</summary>
    public static string StartCommand => $"{Control} -a fetch-config -m ec2 -s -c file:{Path}";
}
