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
