// Reads back from a rendered systemd unit how systemd will supervise its process: the restart policy, the delay,
// the start limit and the stop timeout, plus the app's own shutdown time from its environment. The rehearsals take
// their supervision from here, so they do what the unit on the server says, not what someone meant it to say.
using System.Globalization;

namespace WebStack.Core.Servers;

public static class UnitSupervision
{
    /// <summary>The supervision <paramref name="unit"/> declares; throws naming the setting it lacks or can't read.</summary>
    public static ProcessSupervision Read(string unit)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in unit.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('[')))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (line[..equals], line[(equals + 1)..]);
            if (key == "Environment")
            {
                var assignment = value.Trim('"');
                var split = assignment.IndexOf('=');
                if (split > 0)
                {
                    environment[assignment[..split]] = assignment[(split + 1)..];
                }
            }
            else
            {
                values[key] = value;
            }
        }

        string Required(IReadOnlyDictionary<string, string> from, string key) =>
            from.TryGetValue(key, out var value) ? value : throw new FormatException($"the unit has no {key}=");

        if (Required(values, "Restart") != "on-failure")
        {
            throw new FormatException($"the unit's Restart={values["Restart"]} is not on-failure, the only policy the rehearsals follow");
        }

        return new ProcessSupervision(
            RestartDelay: Seconds(Required(values, "RestartSec"), "RestartSec"),
            StartLimitBurst: Whole(Required(values, "StartLimitBurst"), "StartLimitBurst"),
            StartLimitInterval: Seconds(Required(values, "StartLimitIntervalSec"), "StartLimitIntervalSec"),
            GracefulShutdown: Seconds(Required(environment, Apps.AppContract.ShutdownSeconds), Apps.AppContract.ShutdownSeconds),
            StopTimeout: Seconds(Required(values, "TimeoutStopSec"), "TimeoutStopSec"));
    }

    // Whole seconds, with or without systemd's "s": the only form the units are rendered in.
    private static TimeSpan Seconds(string text, string key) => TimeSpan.FromSeconds(Whole(text.EndsWith('s') ? text[..^1] : text, key));

    private static int Whole(string text, string key) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"the unit's {key}={text} is not a whole number");
}
