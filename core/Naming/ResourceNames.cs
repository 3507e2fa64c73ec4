// Every resource's name comes from the project and the stack, so two stacks in one account never collide
// and a name in the AWS console says which environment it belongs to.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WebStack.Core.Naming;

public sealed partial record ResourceNames(string Project, string Stack)
{
    /// <summary>Pulumi appends "-" and 7 random characters to a physical name it generates.</summary>
    public const int AutoNameSuffixLength = 8;

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotNameCharacters();

    [GeneratedRegex("-{2,}")]
    private static partial Regex RepeatedDashes();

    /// <summary>"project-stack", lower case, letters, digits and dashes only (what ALB, S3 and RDS names all accept).</summary>
    public string Base => Clean($"{Project}-{Stack}");

    /// <summary>The logical name of a part, e.g. "webstack-dev-alb".</summary>
    public string Of(string part) => $"{Base}-{Clean(part)}";

    /// <summary>
    /// A logical name short enough that Pulumi's generated physical name (name + 8 characters) fits
    /// <paramref name="awsLimit"/>; when the full name is too long it is cut and a hash of it keeps it unique.
    /// </summary>
    public string Bounded(string part, int awsLimit)
    {
        var full = Of(part);
        var room = awsLimit - AutoNameSuffixLength;
        if (full.Length <= room)
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..4];
        return $"{full[..(room - 5)].TrimEnd('-')}-{hash}";
    }

    private static string Clean(string text)
    {
        var cleaned = RepeatedDashes().Replace(NotNameCharacters().Replace(text.ToLowerInvariant(), "-"), "-").Trim('-');
        // Names must start with a letter for ALB, RDS and security groups.
        return cleaned.Length > 0 && char.IsAsciiLetter(cleaned[0]) ? cleaned : $"s-{cleaned}";
    }
}
