// Reading the AWS CLI's answers about images: the latest AL2023 id from Amazon's parameter, an image's facts, and
// whether the servers can boot from it.
using WebStack.Core.Images;

namespace WebStack.Core.Tests.Images;

public sealed class AmazonLinuxImagesTests
{
    private const string Described = """
        {"Images": [
          {"ImageId": "ami-0aaaabbbbccccdddd", "Name": "other"},
          {"ImageId": "ami-0f1e2d3c4b5a69788", "Name": "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", "CreationDate": "2026-11-24T21:05:41.000Z",
           "Architecture": "x86_64", "State": "available", "ImageOwnerAlias": "amazon", "OwnerId": "137112412989", "DeprecationTime": "2028-11-24T21:05:41.000Z"}]}
        """;

    [Fact]
    public void The_latest_is_the_default_kernel_parameters_value()
    {
        Assert.Equal(["ssm", "get-parameter", "--name", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"], AmazonLinuxImages.LatestArguments());
        Assert.Equal("ami-0f1e2d3c4b5a69788", AmazonLinuxImages.ParseLatest("""{"Parameter": {"Value": "ami-0f1e2d3c4b5a69788", "Version": 118}}"""));
    }

    [Theory]
    [InlineData("""{"Parameter": {}}""", "Parameter.Value is missing")]
    [InlineData("""{"Parameter": {"Value": "latest"}}""", "Parameter.Value is \"latest\"")]
    [InlineData("Unable to locate credentials", "not JSON")]
    public void An_answer_without_an_image_id_says_what_it_held(string json, string said)
    {
        Assert.Contains(said, Assert.Throws<FormatException>(() => AmazonLinuxImages.ParseLatest(json)).Message);
    }

    [Fact]
    public void An_images_facts_come_from_its_own_entry()
    {
        var image = AmazonLinuxImages.ParseDescribed(Described, "ami-0f1e2d3c4b5a69788")!;

        Assert.Equal(new PinnedImage("ami-0f1e2d3c4b5a69788", "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", new DateTimeOffset(2026, 11, 24, 21, 5, 41, TimeSpan.Zero)), image.Image);
        Assert.Equal(("x86_64", "available", "amazon"), (image.Architecture, image.State, image.Owner));
        Assert.Equal(new DateTimeOffset(2028, 11, 24, 21, 5, 41, TimeSpan.Zero), image.Deprecated);
        Assert.Empty(image.Problems());
        Assert.Null(AmazonLinuxImages.ParseDescribed("""{"Images": []}""", "ami-0f1e2d3c4b5a69788"));
    }

    [Fact]
    public void An_image_for_another_architecture_or_not_available_is_one_the_servers_cant_boot()
    {
        var arm = AmazonLinuxImages.ParseDescribed(Described.Replace("x86_64\", \"State\": \"available", "arm64\", \"State\": \"deregistered", StringComparison.Ordinal), "ami-0f1e2d3c4b5a69788")!;

        Assert.Equal(
            ["ami-0f1e2d3c4b5a69788 is built for arm64; the servers' instance types are x86_64", "ami-0f1e2d3c4b5a69788 is deregistered, not available"],
            arm.Problems());
    }

    [Fact]
    public void A_pinned_image_knows_its_release_its_notes_and_its_age()
    {
        var image = new PinnedImage("ami-0f1e2d3c4b5a69788", "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", new DateTimeOffset(2026, 11, 24, 21, 5, 41, TimeSpan.Zero));

        Assert.True(image.IsAmazonLinux2023);
        Assert.Equal("2023.9.20261124", image.Release);
        Assert.Equal("https://docs.aws.amazon.com/linux/al2023/release-notes/relnotes-2023.9.20261124.html", image.ReleaseNotes);
        Assert.Equal(9, image.AgeInDays(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("ami-0f1e2d3c4b5a69788 (al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64), made 2026-11-24", image.Describe());
        Assert.False(new PinnedImage("ami-0f1e2d3c4b5a69788", "ubuntu-noble-24.04-amd64-server", null).IsAmazonLinux2023);
        Assert.Null(new PinnedImage("ami-0f1e2d3c4b5a69788", null, null).AgeInDays(DateTimeOffset.UnixEpoch));
    }
}
