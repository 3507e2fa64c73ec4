// A command an app is started or released with, as words (argv), never as a shell string: each word reaches systemd's
// ExecStart= and the rehearsals' process start quoted for what it is, so no value can become a second command.
namespace WebStack.Core.Apps;

public sealed record AppCommand
{
    public AppCommand(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            throw new ArgumentException("a command needs at least its program", nameof(words));
        }

        Words = [.. words];
    }

    public IReadOnlyList<string> Words { get; }

    /// <summary>The program: a file of the package (./Notes, bin/server) or, for a jar, java.</summary>
    public string Program => Words[0];

    public IReadOnlyList<string> Arguments => Words.Skip(1).ToList();

    /// <summary>The program's path inside the package, without a leading "./".</summary>
    public string PackagePath => Program.StartsWith("./", StringComparison.Ordinal) ? Program[2..] : Program;

    public AppCommand WithProgram(string program) => new([program, .. Words.Skip(1)]);

    public static AppCommand Of(params string[] words) => new(words);

    public bool Equals(AppCommand? other) => other is not null && Words.SequenceEqual(other.Words, StringComparer.Ordinal);

    public override int GetHashCode() => Words.Aggregate(0, (hash, word) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(word)));

    /// <summary>As a user would type it: words with spaces or quotes are shown quoted.</summary>
    public override string ToString() => string.Join(' ', Words.Select(Show));

    private static string Show(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "./_-=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
