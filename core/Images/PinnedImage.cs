// The server image a stack is pinned to: an AMI id with the name and creation date it had when it was picked. The
// stack's servers boot from exactly this image until `webstack ami update <stack>` picks another, so a new Amazon
// Linux 2023 release never rolls the fleet by itself; the plan says how old the pinned image is.
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebStack.Core.Images;

/// <param name="Id">The AMI's id in the stack's region, e.g. ami-0abcdef1234567890.</param>
/// <param name="Name">Its name, e.g. al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64; null when unknown.</param>
/// <param name="Created">When Amazon made it; null when unknown.</param>
public sealed partial record PinnedImage(string Id, string? Name, DateTimeOffset? Created)
{
    /// <summary>The names of Amazon's own Amazon Linux 2023 images for x86_64, as `ami update` looks them up.</summary>
    public const string AmazonLinuxNamePattern = "al2023-ami-2023.*-x86_64";

    [GeneratedRegex(@"^ami-[0-9a-f]{8}([0-9a-f]{9})?\z")]
    public static partial Regex IdPattern();

    // al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64 (and the minimal images' al2023-ami-minimal-...): the release is 2023.9.20251117.
    [GeneratedRegex(@"^al2023-ami-(minimal-)?(?<release>2023\.\d+\.\d{8})\.\d+-kernel-[0-9.]+-x86_64\z")]
    private static partial Regex AmazonLinuxName();

    /// <summary>Whether the name is one of Amazon Linux 2023's, the image the user data is written for.</summary>
    public bool IsAmazonLinux2023 => Name is not null && AmazonLinuxName().IsMatch(Name);

    /// <summary>The Amazon Linux 2023 release the image is of (2023.9.20251117), or null.</summary>
    public string? Release => Name is not null && AmazonLinuxName().Match(Name) is { Success: true } match ? match.Groups["release"].Value : null;

    /// <summary>The release's notes: AL2023 publishes one page per release.</summary>
    public string? ReleaseNotes => Release is { } release ? $"https://docs.aws.amazon.com/linux/al2023/release-notes/relnotes-{release}.html" : null;

    /// <summary>Whole days between its creation and <paramref name="now"/>; null when its date is unknown.</summary>
    public int? AgeInDays(DateTimeOffset now) => Created is { } created ? (int)Math.Floor((now - created).TotalDays) : null;

    public string Describe() =>
        $"{Id}{(Name is null ? "" : $" ({Name})")}{(Created is { } created ? $", made {created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")}";
}
