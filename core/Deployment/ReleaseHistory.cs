// Which release each launch template version carries, so a deploy can say what it replaced and a stack can be held
// on an earlier release (webstack:rollbackTo). Each version's description (EC2's VersionDescription, which the
// provider sets from the template's description on every new version) ends with its sites' releases,
// "releases: default=3f9a1c0b7d2e shop=0b7d2e3f9a1c"; describe-launch-template-versions reads them back.
using System.Globalization;
using System.Text.Json;
using WebStack.Core.Servers;

namespace WebStack.Core.Deployment;

/// <summary>One version of the launch template and its sites' releases (empty when its description names none).</summary>
public sealed record TemplateVersion(int Number, IReadOnlyDictionary<string, string> Releases)
{
    /// <summary>The default site's release: the one the stack's messages and webstack:rollbackTo name.</summary>
    public string? Release => Releases.GetValueOrDefault(AppSite.DefaultName);
}

public static class ReleaseHistory
{
    private const string Marker = "releases: ";

    /// <summary>The launch template's description: what it is, then each site's release, the default site first.</summary>
    public static string Description(string what, IReadOnlyDictionary<string, string> releases)
    {
        var sites = releases.OrderBy(pair => pair.Key == AppSite.DefaultName ? 0 : 1).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={pair.Value}");
        var text = $"{what}; {Marker}{string.Join(' ', sites)}";
        // EC2 takes 255 characters; the default site's release comes first, so it survives a cut.
        return text.Length <= 255 ? text : text[..255];
    }

    public static IReadOnlyList<string> DescribeVersionsArguments(string templateId) =>
        ["ec2", "describe-launch-template-versions", "--launch-template-id", templateId];

    /// <summary>The versions describe-launch-template-versions lists, newest first.</summary>
    public static IReadOnlyList<TemplateVersion> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("LaunchTemplateVersions").EnumerateArray()
            .Select(version => new TemplateVersion(
                version.GetProperty("VersionNumber").GetInt32(),
                ReleasesOf(version.TryGetProperty("VersionDescription", out var description) ? description.GetString() : null)))
            .OrderByDescending(version => version.Number)
            .ToList();
    }

    public static IReadOnlyDictionary<string, string> ReleasesOf(string? description)
    {
        var at = description?.LastIndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return new Dictionary<string, string>();
        }

        return description![(at + Marker.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First()[1], StringComparer.Ordinal);
    }

    /// <summary>The newest version whose default site runs <paramref name="release"/>; null when none does.</summary>
    public static TemplateVersion? Find(IReadOnlyList<TemplateVersion> versions, string release) =>
        versions.Where(version => version.Release == release).MaxBy(version => version.Number);

    /// <summary>The release of version <paramref name="number"/> ("unknown" when the history has none for it).</summary>
    public static string ReleaseOf(IReadOnlyList<TemplateVersion> versions, string? number) =>
        versions.FirstOrDefault(version => version.Number.ToString(CultureInfo.InvariantCulture) == number)?.Release ?? "unknown";

    /// <summary>The releases the template has had, newest first, each once: what a stack can be rolled back to.</summary>
    public static IReadOnlyList<string> Known(IReadOnlyList<TemplateVersion> versions) =>
        versions.Select(version => version.Release).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
