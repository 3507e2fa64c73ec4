// How `webstack ami update` asks AWS for an image, and reads its answers: the AWS CLI's arguments and JSON. The
// newest image is the one Amazon's public parameter for Amazon Linux 2023 on its default kernel names (the image AWS
// itself recommends, not the newest of every kernel's); its facts come from describe-images, which also checks an id
// the user named.
using System.Globalization;
using System.Text.Json;

namespace WebStack.Core.Images;

/// <summary>An image as describe-images tells of it.</summary>
/// <param name="Owner">Its owner's alias ("amazon" for Amazon's own images) or account id.</param>
public sealed record DescribedImage(PinnedImage Image, string? Architecture, string? State, string? Owner, DateTimeOffset? Deprecated)
{
    /// <summary>Why the stack's servers can't boot from it; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Architecture != "x86_64")
        {
            problems.Add($"{Image.Id} is built for {Architecture ?? "an unknown architecture"}; the servers' instance types are x86_64");
        }

        if (State != "available")
        {
            problems.Add($"{Image.Id} is {State ?? "in an unknown state"}, not available");
        }

        return problems;
    }
}

public static class AmazonLinuxImages
{
    /// <summary>Amazon's public SSM parameter naming the latest Amazon Linux 2023 image on the default kernel, for x86_64.</summary>
    public const string LatestParameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    /// <summary>The call that names the latest image (the region and output follow, as <see cref="AwsCliCall"/> adds them).</summary>
    public static IReadOnlyList<string> LatestArguments() => ["ssm", "get-parameter", "--name", LatestParameter];

    public static IReadOnlyList<string> DescribeArguments(string id) => ["ec2", "describe-images", "--image-ids", id];

    /// <summary>The image id the parameter holds (get-parameter's Parameter.Value).</summary>
    public static string ParseLatest(string json)
    {
        using var document = Parse(json, "ssm get-parameter");
        var value = document.RootElement.TryGetProperty("Parameter", out var parameter) && parameter.TryGetProperty("Value", out var text) ? text.GetString() : null;
        return value is not null && PinnedImage.IdPattern().IsMatch(value)
            ? value
            : throw new FormatException($"ssm get-parameter {LatestParameter} answered no image id (Parameter.Value is {(value is null ? "missing" : $"\"{value}\"")})");
    }

    /// <summary>The image <paramref name="id"/> as describe-images tells of it; null when the region has no such image.</summary>
    public static DescribedImage? ParseDescribed(string json, string id)
    {
        using var document = Parse(json, "ec2 describe-images");
        if (!document.RootElement.TryGetProperty("Images", out var images) || images.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("ec2 describe-images answered no Images list");
        }

        foreach (var image in images.EnumerateArray())
        {
            if (Text(image, "ImageId") != id)
            {
                continue;
            }

            return new DescribedImage(
                new PinnedImage(id, Text(image, "Name"), Date(image, "CreationDate")),
                Text(image, "Architecture"),
                Text(image, "State"),
                Text(image, "ImageOwnerAlias") ?? Text(image, "OwnerId"),
                Date(image, "DeprecationTime"));
        }

        return null;
    }

    private static JsonDocument Parse(string json, string command)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{command} answered something that is not JSON: {exception.Message}", exception);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
