// One kind of name AWS checks, written as AWS documents it, and how the name comes about: Pulumi's autonaming (the
// logical name, '-' and 7 random characters), a name the program sets itself, only a Name tag, or nothing AWS shows.
// Problems() says, in the user's terms, why a name would be refused; NameRules holds the table of all kinds.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Naming;

public enum NameAssignment
{
    /// <summary>The AWS provider makes the name from the logical name: name + '-' + 7 random hex digits.</summary>
    PulumiAutoname,

    /// <summary>The program sets the name (the fitted name, plus a suffix of the program's own where the rule says).</summary>
    Program,

    /// <summary>AWS knows the resource by an id only; what people read is its Name tag.</summary>
    NameTag,

    /// <summary>Nothing AWS shows has a name (a route, an attachment, a setting): only Pulumi's logical name.</summary>
    None,
}

public enum FirstCharacter
{
    Any,
    Letter,
    LetterOrDigit,
}

/// <summary>A pattern a name must not match, and what to tell the user when it does.</summary>
public sealed record NamePattern(string Pattern, string Says)
{
    public bool Matches(string name) => NameRule.RegexOf(Pattern).IsMatch(name);
}

public sealed record NameRule
{
    /// <summary>Pulumi's AWS provider appends '-' and 7 random hex digits to an autonamed resource's logical name.</summary>
    public const int AutonameSuffixLength = 8;

    /// <summary>What is named, e.g. "RDS DB instance identifier".</summary>
    public required string Kind { get; init; }

    /// <summary>Where AWS documents the limits (the API parameter and its page).</summary>
    public required string Source { get; init; }

    public required NameAssignment Assignment { get; init; }

    /// <summary>Whether names of this kind are made from the project and stack names (false: a key, a DNS name).</summary>
    public bool ComesFromStackName { get; init; } = true;

    /// <summary>How pulumi-aws 7.x names it, and the longest name it lets through (which may exceed AWS's).</summary>
    public string Autonaming { get; init; } = "not autonamed";

    public int MinLength { get; init; } = 1;

    public required int MaxLength { get; init; }

    /// <summary>The limit counts UTF-8 bytes (S3 object keys), not characters.</summary>
    public bool LengthInBytes { get; init; }

    /// <summary>The allowed characters as the body of a regex character class; null: any printable character.</summary>
    public string? Characters { get; init; }

    /// <summary>The allowed characters in words, for messages.</summary>
    public required string CharactersText { get; init; }

    public FirstCharacter First { get; init; } = FirstCharacter.Any;

    public bool LastIsLetterOrDigit { get; init; }

    public bool NoDoubleHyphen { get; init; }

    public IReadOnlyList<NamePattern> Forbidden { get; init; } = [];

    /// <summary>For <see cref="NameAssignment.PulumiAutoname"/>: the longest name (suffix included) the provider makes.</summary>
    public int ProviderMaxLength { get; init; }

    /// <summary>For <see cref="NameAssignment.Program"/>: characters the program appends to the fitted name.</summary>
    public int ProgramSuffixLength { get; init; }

    /// <summary>A suffix of the shape AWS will see after the fitted name, for checking a whole name.</summary>
    public string SampleSuffix => Assignment switch
    {
        NameAssignment.PulumiAutoname => "-0a1b2c3",
        NameAssignment.Program when ProgramSuffixLength > 0 => "-" + new string('k', ProgramSuffixLength - 1),
        _ => "",
    };

    /// <summary>The longest the fitted name may be so that the whole name (suffix included) passes.</summary>
    public int Room => Assignment switch
    {
        NameAssignment.PulumiAutoname => Math.Min(MaxLength, ProviderMaxLength) - AutonameSuffixLength,
        NameAssignment.Program => MaxLength - ProgramSuffixLength,
        NameAssignment.NameTag => MaxLength,
        _ => int.MaxValue,
    };

    /// <summary>The rule as a row of the README's table: kind, AWS's limit, how the name is made, room, source.</summary>
    public string ReadmeRow =>
        $"| {Kind} | {MaxLength}{(LengthInBytes ? " bytes" : "")} | {Autonaming} | {(ComesFromStackName ? Room.ToString(CultureInfo.InvariantCulture) : "-")} | {Source} |";

    /// <summary>Whether AWS shows a name of this kind (false for resources known by id or not at all).</summary>
    public bool IsPhysical => Assignment is NameAssignment.PulumiAutoname or NameAssignment.Program;

    /// <summary>Why AWS (or the provider) would refuse <paramref name="name"/>; empty when it is fine.</summary>
    public IReadOnlyList<string> Problems(string name)
    {
        var problems = new List<string>();
        var length = LengthInBytes ? Encoding.UTF8.GetByteCount(name) : name.Length;
        var unit = LengthInBytes ? "bytes" : "characters";
        var max = Assignment == NameAssignment.PulumiAutoname ? Math.Min(MaxLength, ProviderMaxLength) : MaxLength;
        if (length > max)
        {
            problems.Add($"is {length} {unit} long; at most {max} are allowed");
        }
        else if (length < MinLength)
        {
            problems.Add($"is {length} {unit} long; at least {MinLength} are needed");
        }

        var wrong = (Characters is null
            ? name.Where(char.IsControl)
            : RegexOf($"[^{Characters}]").Matches(name).Select(match => match.Value[0])).Distinct().ToList();
        if (wrong.Count > 0)
        {
            problems.Add($"has {string.Join(", ", wrong.Select(Show))}; allowed are {CharactersText}");
        }

        if (name.Length > 0 && !FirstAllowed(name[0]))
        {
            problems.Add(First == FirstCharacter.Letter ? "must start with a letter" : "must start with a letter or a digit");
        }

        if (LastIsLetterOrDigit && name.Length > 0 && !char.IsAsciiLetterOrDigit(name[^1]))
        {
            problems.Add("must end with a letter or a digit");
        }

        if (NoDoubleHyphen && name.Contains("--", StringComparison.Ordinal))
        {
            problems.Add("must not contain two hyphens in a row");
        }

        problems.AddRange(Forbidden.Where(pattern => pattern.Matches(name)).Select(pattern => pattern.Says));
        return problems;
    }

    private bool FirstAllowed(char character) => First switch
    {
        FirstCharacter.Letter => char.IsAsciiLetter(character),
        FirstCharacter.LetterOrDigit => char.IsAsciiLetterOrDigit(character),
        _ => true,
    };

    // The table's patterns, each compiled once (checks run over every name of many stacks in the tests).
    internal static Regex RegexOf(string pattern) => Patterns.GetOrAdd(pattern, text => new Regex(text, RegexOptions.CultureInvariant));

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static string Show(char character) => char.IsControl(character) || char.IsWhiteSpace(character)
        ? $"U+{(int)character:X4}"
        : $"'{character}'";
}
