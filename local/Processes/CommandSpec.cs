// A program to run, with its arguments and environment: built once, then wrapped to run inside a network
// namespace or as another user without quoting anything through a shell.
namespace WebStack.Local.Processes;

public sealed record CommandSpec(string Program, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    public static CommandSpec Of(string program, params string[] arguments) => new(program, arguments);

    /// <summary>Runs this inside the network namespace <paramref name="name"/> (ip netns exec replaces itself, so the pid is the program's).</summary>
    public CommandSpec InNamespace(string name) =>
        this with { Program = "ip", Arguments = ["netns", "exec", name, Program, .. Arguments] };

    /// <summary>Runs this as <paramref name="user"/> (setpriv execs, so the pid stays the program's).</summary>
    public CommandSpec AsUser(string user) =>
        this with { Program = "setpriv", Arguments = [$"--reuid={user}", $"--regid={user}", "--init-groups", "--", Program, .. Arguments] };

    /// <summary>How .NET starts it: no shell, every stream redirected, arguments passed one by one (nothing to quote).</summary>
    public System.Diagnostics.ProcessStartInfo ToStartInfo()
    {
        var start = new System.Diagnostics.ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public override string ToString() => string.Join(' ', new[] { Program }.Concat(Arguments));
}
