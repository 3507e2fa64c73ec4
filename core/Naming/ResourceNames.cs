// Every resource's name comes from the project and the stack, so two stacks in one account never collide and a name
// in the AWS console says which environment it belongs to. A name is fitted to its kind's rule (NameRules): when the
// whole name would be too long once AWS's or Pulumi's suffix is added, it is cut and ends with a short hash of the
// whole name instead, so it stays unique and valid. The uncut name goes into the Name tag, where people read it.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Naming;

/// <param name="Logical">The Pulumi logical name: what the provider autonames from, or the name the program sets.</param>
/// <param name="Tag">The whole, uncut name for the Name tag (cut only past the 256 characters a tag holds).</param>
/// <param name="Previous">The logical name the same resource had before names carried the stack-name mark (see
/// <see cref="ResourceNames.Base"/>); the program aliases to it, so upgrading renames nothing in AWS.</param>
public sealed record PlannedName(NameRule Rule, string Part, string Logical, string Tag, string Previous)
{
    /// <summary>Whether the name was cut (and given a hash) to fit its rule.</summary>
    public bool IsCut => Logical != Tag;

    public override string ToString() => Logical;
}

public sealed partial class ResourceNames
{
    /// <summary>Pulumi's rule for stack names: 1 to 100 letters, digits, '-', '_' or '.'.</summary>
    public const int MaxStackNameLength = 100;

    /// <summary>Characters of the mark that keeps apart stacks whose names clean to the same text.</summary>
    public const int StackMarkLength = 6;

    private const int CutHashLength = 4;

    // A cut name keeps at least this much of "project-stack" ahead of the hash and the part, or is cut from its end.
    private const int MinimumKeptBase = 8;

    // The kinds whose names were already fitted before the rule table existed; the rest were never cut.
    private static readonly HashSet<NameRule> FittedBefore =
        [NameRules.LoadBalancer, NameRules.TargetGroup, NameRules.IamRole, NameRules.InstanceProfile, NameRules.S3Bucket];

    public ResourceNames(string project, string stack)
    {
        Project = project;
        Stack = stack;
        PreviousBase = Clean($"{project}-{stack}");
        Base = IsKeptAsWritten(stack) ? PreviousBase : $"{PreviousBase}-{Mark(stack)}";
    }

    public string Project { get; }

    public string Stack { get; }

    /// <summary>
    /// "project-stack" in lower-case letters, digits and dashes (what every kind of name accepts). A stack name that
    /// this would change ("Prod", "prod_eu", "a.b") also gets a mark, 6 characters of a hash of the name as written:
    /// otherwise "prod_eu" and "prod-eu" would give every resource the same name.
    /// </summary>
    public string Base { get; }

    /// <summary>The base without the mark, as names were made before the mark existed.</summary>
    public string PreviousBase { get; }

    /// <summary>The name of <paramref name="part"/> (e.g. "db"), fitted to <paramref name="rule"/>.</summary>
    public PlannedName Name(NameRule rule, string part)
    {
        var cleanPart = Clean(part);
        var previousWhole = $"{PreviousBase}-{cleanPart}";
        return new PlannedName(
            rule,
            part,
            Fit(Base, cleanPart, rule.Room),
            Fit(Base, cleanPart, NameRules.NameTag.Room),
            FittedBefore.Contains(rule) ? FitFromEnd(previousWhole, rule.Room) : previousWhole);
    }

    /// <summary>
    /// The name of <paramref name="part"/> behind a prefix AWS requires of the kind (a WAF log group's "aws-waf-logs-"),
    /// fitted to <paramref name="rule"/> with the prefix counted.
    /// </summary>
    public PlannedName Prefixed(NameRule rule, string prefix, string part)
    {
        var cleanPart = Clean(part);
        return new PlannedName(
            rule,
            part,
            prefix + Fit(Base, cleanPart, rule.Room - prefix.Length),
            prefix + Fit(Base, cleanPart, NameRules.NameTag.Room - prefix.Length),
            $"{prefix}{PreviousBase}-{cleanPart}");
    }

    /// <summary>
    /// "{base}-{part}" if it fits <paramref name="room"/>; otherwise the base is cut short and followed by a hash of
    /// the whole name and the part, e.g. "webstack-review-fe-1c3e-db": still unique, still saying what it names.
    /// </summary>
    public static string Fit(string nameBase, string part, int room)
    {
        var whole = $"{nameBase}-{part}";
        if (whole.Length <= room)
        {
            return whole;
        }

        var tail = $"-{Hash(whole)}-{part}";
        var keep = room - tail.Length;
        return keep >= MinimumKeptBase ? nameBase[..keep].TrimEnd('-') + tail : FitFromEnd(whole, room);
    }

    /// <summary>Whether cleaning leaves the stack's name as it is (lower-case letters, digits, single inner dashes).</summary>
    public static bool IsKeptAsWritten(string stack) => KeptAsWritten().IsMatch(stack);

    // The cut the load balancer, target group, roles, profile and bucket had before: the whole name's start and a hash.
    // New names keep their part instead; this one gives the names those resources were created with (Previous).
    private static string FitFromEnd(string whole, int room) =>
        whole.Length <= room ? whole : $"{whole[..(room - CutHashLength - 1)].TrimEnd('-')}-{Hash(whole)}";

    private static string Hash(string whole) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole)))[..CutHashLength];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeptAsWritten();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotNameCharacters();

    [GeneratedRegex("-{2,}")]
    private static partial Regex RepeatedDashes();

    private static string Clean(string text)
    {
        var cleaned = RepeatedDashes().Replace(NotNameCharacters().Replace(text.ToLowerInvariant(), "-"), "-").Trim('-');
        // Names must start with a letter for ALB, RDS and security groups.
        return cleaned.Length > 0 && char.IsAsciiLetter(cleaned[0]) ? cleaned : $"s-{cleaned}";
    }

    // Base 36 (digits and lower-case letters), which every kind of name accepts.
    private static string Mark(string stack)
    {
        var value = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(stack)), 0);
        var mark = new StringBuilder();
        for (var i = 0; i < StackMarkLength; i++)
        {
            mark.Append("0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)]);
            value /= 36;
        }

        return mark.ToString();
    }
}
