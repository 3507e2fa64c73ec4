// Where a server sends its logs and metrics: the stack's log group for each server log (their names exist only once
// the groups do) and the Stack dimension of its metrics. Checked so a malformed name fails the deployment, not the agent.
using System.Text.RegularExpressions;

namespace WebStack.Core.Servers;

/// <param name="LogGroups">The CloudWatch Logs group of each server log, by its key (ServerLogs.Keys).</param>
/// <param name="MetricsStack">The value of the agent metrics' Stack dimension: the stack's names' base.</param>
public sealed partial record ServerMonitoring(IReadOnlyDictionary<string, string> LogGroups, string MetricsStack)
{
    // CloudWatch Logs CreateLogGroup logGroupName: 1-512 of letters, digits and ._-/#.
    [GeneratedRegex(@"^[A-Za-z0-9._\-/#]{1,512}\z")]
    private static partial Regex LogGroupName();

    // A dimension value: printable ASCII without quotes, so it sits safely in the agent's JSON and in a search.
    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,255}\z")]
    private static partial Regex DimensionValue();

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var key in ServerLogs.Keys.Where(key => !LogGroups.ContainsKey(key)))
        {
            problems.Add($"no log group for the server log {key}");
        }

        foreach (var (key, group) in LogGroups)
        {
            if (!ServerLogs.Keys.Contains(key))
            {
                problems.Add($"log group \"{group}\" is for {key}, which is not a server log ({string.Join(", ", ServerLogs.Keys)})");
            }
            else if (!LogGroupName().IsMatch(group))
            {
                problems.Add($"log group \"{group}\" (for {key}) is not a CloudWatch Logs group name (1-512 letters, digits and ._-/#)");
            }
        }

        if (!DimensionValue().IsMatch(MetricsStack))
        {
            problems.Add($"metrics stack \"{MetricsStack}\" must be 1-255 letters, digits and ._-");
        }

        return problems;
    }
}
