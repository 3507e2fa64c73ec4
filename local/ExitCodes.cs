// The command's exit codes, so scripts can tell a bad stack file from a machine that lacks something.
namespace WebStack.Local;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int InvalidSettings = 3;
    public const int Interrupted = 130;
}
