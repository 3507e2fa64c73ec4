// How a server keeps its processes running and stops them: systemd's restart policy for the app processes and nginx,
// and how long a stopping app process has to finish its requests. The rendered units and the local rehearsals take
// the same values, so a rehearsal restarts a crashed process when systemd would, and gives up when systemd would.
using System.Globalization;

namespace WebStack.Core.Servers;

/// <param name="RestartDelay">systemd's RestartSec: how long after a crash the process is started again.</param>
/// <param name="StartLimitBurst">systemd's StartLimitBurst: starts allowed within <paramref name="StartLimitInterval"/>;
/// one more and the unit is given up on (failed) instead of crash-looping for ever.</param>
/// <param name="StartLimitInterval">systemd's StartLimitIntervalSec.</param>
/// <param name="GracefulShutdown">What the app gives the requests in flight after SIGTERM (ASP.NET Core's shutdown
/// timeout); it stops accepting new ones at once, and nginx sends those to the other processes.</param>
/// <param name="StopTimeout">systemd's TimeoutStopSec: longer than the graceful shutdown, so systemd never has to
/// SIGKILL a process that is still finishing its requests.</param>
public sealed record ProcessSupervision(
    TimeSpan RestartDelay,
    int StartLimitBurst,
    TimeSpan StartLimitInterval,
    TimeSpan GracefulShutdown,
    TimeSpan StopTimeout)
{
    public static ProcessSupervision Default { get; } = new(
        RestartDelay: TimeSpan.FromSeconds(2),
        StartLimitBurst: 10,
        StartLimitInterval: TimeSpan.FromSeconds(60),
        GracefulShutdown: TimeSpan.FromSeconds(30),
        StopTimeout: TimeSpan.FromSeconds(35));

    /// <summary>The exit status a JVM ends with after SIGTERM; the units list it in SuccessExitStatus=.</summary>
    public const int SigTermExitStatus = 128 + Signal.Term;

    /// <summary>
    /// Whether Restart=on-failure starts the process again after it ended this way: after a non-zero exit code (but the
    /// units' SuccessExitStatus=143) or a signal, except the signals of an orderly stop (SIGHUP, SIGINT, SIGTERM,
    /// SIGPIPE) which systemd counts as clean.
    /// </summary>
    public static bool RestartsAfter(ProcessEnd end) =>
        end.Signal is { } signal ? signal is not (Signal.Hup or Signal.Int or Signal.Term or Signal.Pipe) : end.ExitCode is not (0 or SigTermExitStatus);

    /// <summary>
    /// Whether one more start is allowed, given when the earlier ones happened (systemd counts every start, the first
    /// included, within the interval before now).
    /// </summary>
    public bool AllowsStart(IEnumerable<DateTimeOffset> earlierStarts, DateTimeOffset now) =>
        earlierStarts.Count(start => now - start < StartLimitInterval) < StartLimitBurst;

    /// <summary>Whole seconds, as systemd reads a time span without a unit (and as the app reads its shutdown time).</summary>
    public static string Seconds(TimeSpan span) => ((int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The signals systemd treats specially when deciding whether a process ended cleanly.</summary>
public static class Signal
{
    public const int Hup = 1;
    public const int Int = 2;
    public const int Kill = 9;
    public const int Pipe = 13;
    public const int Term = 15;
}

/// <summary>How a process ended: an exit code, or the signal that killed it.</summary>
public sealed record ProcessEnd(int ExitCode, int? Signal)
{
    /// <summary>From a shell-style status, where 128 + n means killed by signal n (what .NET reports on Unix).</summary>
    public static ProcessEnd FromStatus(int status) => status > 128 && status < 128 + 65 ? new(status, status - 128) : new(status, null);

    public override string ToString() => Signal is { } signal ? $"killed by signal {signal}" : $"exit code {ExitCode}";
}
