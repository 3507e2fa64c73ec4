// POSIX signals for the processes the rehearsals start: .NET's Process.Kill only sends SIGKILL, which gives nginx,
// PostgreSQL and the app no chance to shut down cleanly.
using System.Runtime.InteropServices;

namespace WebStack.Local.Processes;

internal static partial class Signals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigQuit = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: alive, not ours
}
