// The stack's CloudWatch dashboard (its body is JSON, CloudWatch's dashboard body structure): the state of every
// alarm, then one graph per alarm of the metrics it watches with its threshold drawn, the servers' memory and disk
// from the CloudWatch agent, and the latest 5xx answers from nginx's log with their request ids.
using System.Text.Json;
using System.Text.Json.Nodes;
using WebStack.Core.Servers;

namespace WebStack.Core.Monitoring;

/// <param name="Arn">The alarm's ARN, for the alarm status widget.</param>
public sealed record DashboardAlarm(AlarmDefinition Alarm, string Arn);

/// <param name="Title">The stack's name, as its resources carry it.</param>
/// <param name="MetricsStack">The Stack dimension of the CloudWatch agent's metrics.</param>
/// <param name="AccessLogGroup">nginx's access log group, for the latest errors.</param>
public sealed record DashboardInputs(
    string Region,
    string Title,
    IReadOnlyList<DashboardAlarm> Alarms,
    MonitoredResources Resources,
    string MetricsStack,
    string AccessLogGroup);

public static class DashboardBody
{
    /// <summary>CloudWatch's dashboard grid is 24 units wide.</summary>
    public const int GridWidth = 24;

    public const int WidgetWidth = 8;

    public const int WidgetHeight = 6;

    public static string Render(DashboardInputs inputs)
    {
        var widgets = new JsonArray();
        var y = 0;
        widgets.Add(Widget("text", 0, y, GridWidth, 2, new JsonObject
        {
            ["markdown"] = $"# {inputs.Title}\nAlarms go to the stack's SNS topic. A request's id (X-Request-Id) is in nginx's and the app's log groups: "
                + "search them in Logs Insights with `filter request_id = \"<id>\"` (nginx) or `filter requestId = \"<id>\"` (the app).",
        }));
        y += 2;
        widgets.Add(Widget("alarm", 0, y, GridWidth, 3, new JsonObject
        {
            ["title"] = "Alarms",
            ["alarms"] = new JsonArray(inputs.Alarms.Select(alarm => (JsonNode)alarm.Arn).ToArray()),
            ["sortBy"] = "stateUpdatedTimestamp",
        }));
        y += 3;

        var graphs = inputs.Alarms.Select(alarm => AlarmGraph(inputs, alarm.Alarm)).ToList();
        graphs.Add(AgentGraph(inputs, "Servers' memory used, %", CloudWatchAgentConfig.MemoryMetric, ["InstanceId", CloudWatchAgentConfig.StackDimension]));
        graphs.Add(AgentGraph(inputs, "Servers' root disk used, %", CloudWatchAgentConfig.DiskMetric,
            ["InstanceId", CloudWatchAgentConfig.StackDimension, "fstype", "path"]));
        for (var i = 0; i < graphs.Count; i++)
        {
            var x = i * WidgetWidth % GridWidth;
            widgets.Add(Widget("metric", x, y + (i * WidgetWidth / GridWidth * WidgetHeight), WidgetWidth, WidgetHeight, graphs[i]));
        }

        y += (graphs.Count + (GridWidth / WidgetWidth) - 1) / (GridWidth / WidgetWidth) * WidgetHeight;
        widgets.Add(Widget("log", 0, y, GridWidth, WidgetHeight, new JsonObject
        {
            ["title"] = "Latest 5xx answers (nginx)",
            ["region"] = inputs.Region,
            ["view"] = "table",
            ["query"] = $"SOURCE '{inputs.AccessLogGroup}' | fields @timestamp, request_id, status, method, path, upstream, request_time "
                + "| filter status >= 500 | sort @timestamp desc | limit 50",
        }));
        return new JsonObject { ["widgets"] = widgets }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Widget(string type, int x, int y, int width, int height, JsonObject properties) => new()
    {
        ["type"] = type,
        ["x"] = x,
        ["y"] = y,
        ["width"] = width,
        ["height"] = height,
        ["properties"] = properties,
    };

    private static JsonObject AlarmGraph(DashboardInputs inputs, AlarmDefinition alarm)
    {
        var metrics = new JsonArray();
        if (alarm.Math is { } math)
        {
            metrics.Add(new JsonArray(new JsonObject { ["expression"] = math.Expression, ["label"] = math.Label, ["id"] = math.Id }));
        }

        foreach (var input in alarm.Metrics)
        {
            var line = new JsonArray(input.Metric.Namespace, input.Metric.Name);
            foreach (var (name, value) in inputs.Resources.DimensionsOf(input.Metric))
            {
                line.Add(name);
                line.Add(value);
            }

            var options = new JsonObject { ["stat"] = input.Metric.Statistic };
            if (alarm.Math is not null)
            {
                options["id"] = input.Id;
                options["visible"] = false;
            }

            line.Add(options);
            metrics.Add(line);
        }

        return new JsonObject
        {
            ["title"] = $"{alarm.Title} ({alarm.Condition}, {alarm.Window})",
            ["region"] = inputs.Region,
            ["view"] = "timeSeries",
            ["stacked"] = false,
            ["period"] = alarm.PeriodSeconds,
            ["metrics"] = metrics,
            ["annotations"] = new JsonObject
            {
                ["horizontal"] = new JsonArray(new JsonObject { ["label"] = "alarm threshold", ["value"] = alarm.Threshold }),
            },
        };
    }

    // Every instance the group ran carries the stack's dimension, so a search finds them all, replaced ones included.
    private static JsonObject AgentGraph(DashboardInputs inputs, string title, string metric, IReadOnlyList<string> dimensions) => new()
    {
        ["title"] = title,
        ["region"] = inputs.Region,
        ["view"] = "timeSeries",
        ["stacked"] = false,
        ["period"] = CloudWatchAgentConfig.MetricsIntervalSeconds,
        ["metrics"] = new JsonArray(new JsonArray(new JsonObject
        {
            ["expression"] = $"SEARCH('{{{CloudWatchAgentConfig.MetricsNamespace},{string.Join(',', dimensions)}}} "
                + $"MetricName=\"{metric}\" {CloudWatchAgentConfig.StackDimension}=\"{inputs.MetricsStack}\"', 'Maximum', {CloudWatchAgentConfig.MetricsIntervalSeconds})",
            ["id"] = "servers",
        })),
    };
}
