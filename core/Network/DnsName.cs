// A host name on the public DNS, checked the way Route 53, ACM and browsers will take it: letters, digits and inner
// hyphens in labels of 1 to 63 characters, at most 253 in all, written without the root's final dot and in lower
// case. Internationalised names are taken in their ASCII (punycode, xn--) form only, so the name in the stack file is
// the name in the certificate and in the records; a Unicode name is refused with that form suggested.
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebStack.Core.Network;

public static partial class DnsName
{
    /// <summary>Longest name written out (255 octets on the wire, less the length bytes and the root).</summary>
    public const int MaxLength = 253;

    public const int MaxLabelLength = 63;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();

    /// <summary>
    /// The name in its usual form (lower case, no final dot), or why it isn't a host name; <paramref name="minLabels"/>
    /// is 2 for a name a stack can own (a top-level domain alone can't be bought or hosted).
    /// </summary>
    public static bool TryNormalize(string text, int minLabels, out string name, out string problem)
    {
        name = text.Trim().ToLowerInvariant();
        problem = "";
        if (name.EndsWith('.'))
        {
            // The absolute form ("www.example.com.") names the same host.
            name = name[..^1];
        }

        if (name.Length == 0)
        {
            problem = "is empty";
            return false;
        }

        if (name.Any(c => c > 0x7f))
        {
            problem = PunycodeAdvice(name);
            return false;
        }

        if (name.Contains('*'))
        {
            problem = "is a wildcard; a stack answers on one name (put a wildcard certificate made elsewhere in certificateArn if you need one)";
            return false;
        }

        if (name.Length > MaxLength)
        {
            problem = $"has {name.Length} characters; a DNS name has at most {MaxLength}";
            return false;
        }

        var labels = name.Split('.');
        if (labels.Any(label => label.Length == 0))
        {
            problem = "has an empty label (two dots in a row, or a leading dot)";
            return false;
        }

        if (labels.FirstOrDefault(label => label.Length > MaxLabelLength) is { } longLabel)
        {
            problem = $"has a label of {longLabel.Length} characters (\"{longLabel[..12]}…\"); each label between dots has at most {MaxLabelLength}";
            return false;
        }

        if (labels.FirstOrDefault(label => !LabelPattern().IsMatch(label)) is { } badLabel)
        {
            problem = $"has the label \"{badLabel}\"; labels are letters, digits and hyphens, and neither start nor end with a hyphen"
                + (badLabel.Contains('_') ? " (no underscores in host names)" : "");
            return false;
        }

        if (labels.Length < minLabels)
        {
            problem = $"is a single label; a stack's name lives in a domain, such as www.example.com or example.com";
            return false;
        }

        if (Digits().IsMatch(labels[^1]))
        {
            problem = "ends in a numeric label, like an IP address; it must be a DNS name such as www.example.com";
            return false;
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="zone"/> itself (its apex) or a name under it.</summary>
    public static bool IsWithin(string name, string zone)
    {
        var cleanName = name.TrimEnd('.').ToLowerInvariant();
        var cleanZone = zone.TrimEnd('.').ToLowerInvariant();
        return cleanName == cleanZone || cleanName.EndsWith("." + cleanZone, StringComparison.Ordinal);
    }

    private static string PunycodeAdvice(string name)
    {
        try
        {
            return $"has non-ASCII characters; write it in its ASCII (punycode) form, {new IdnMapping().GetAscii(name)}, as DNS, the certificate and the records carry it";
        }
        catch (ArgumentException)
        {
            return "has non-ASCII characters that make no valid internationalised name; write the name in ASCII (punycode, xn--) form";
        }
    }
}
