// Ctrl-C, SIGTERM (what `webstack down` sends) or SIGHUP, caught from the moment this is made until it is disposed,
// so a rehearsal stops through its own cleanup instead of being killed with its children still running.
using System.Runtime.InteropServices;

namespace WebStack.Local.Processes;

public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stopped = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop),
        ];
    }

    public CancellationToken Token => _stopped.Token;

    /// <summary>
    /// Whether this process was started with SIGINT ignored (a background job of a shell without job control, or
    /// nohup): Unix then keeps Ctrl-C from it, and .NET honours that, so only SIGTERM (webstack down) stops it.
    /// </summary>
    public static bool InterruptIgnored
    {
        get
        {
            try
            {
                var line = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("SigIgn:", StringComparison.Ordinal));
                return line is not null
                    && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
                    && (mask & (1UL << (Signals.SigInt - 1))) != 0;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>How to stop the command, e.g. "Ctrl-C stops everything ...", or what to use where Ctrl-C can't reach it.</summary>
    public static string HowToStop(string what) => InterruptIgnored
        ? $"Ctrl-C is ignored here (a background job): `webstack down` (or kill -TERM {Environment.ProcessId}) stops {what}."
        : $"Ctrl-C stops {what}.";

    /// <summary>Returns once a stop signal has come.</summary>
    public async Task WaitAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stopped.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopped.Dispose();
    }
}
