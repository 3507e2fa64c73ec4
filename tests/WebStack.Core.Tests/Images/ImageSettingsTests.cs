// The webstack:ami setting: the image a stack is pinned to, as `webstack ami update` writes it, every problem named.
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Images;

public sealed class ImageSettingsTests
{
    private const string Pinned = """{"id": "ami-0b2c3d4e5f6a7b8c9", "name": "al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64", "created": "2025-11-17T20:12:33.000Z"}""";

    [Fact]
    public void A_pinned_image_is_read_with_its_name_and_date()
    {
        var result = Config.Read(("ami", Pinned));

        var image = Config.AssertValid(result).Image!;
        Assert.Equal("ami-0b2c3d4e5f6a7b8c9", image.Id);
        Assert.Equal(new DateTimeOffset(2025, 11, 17, 20, 12, 33, TimeSpan.Zero), image.Created);
        Assert.Empty(result.Warnings);
        Assert.Equal(("ami-0b2c3d4e5f6a7b8c9 (al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64), made 2025-11-17", SettingSource.StackFile),
            (Config.Effective(result, "ami").Display, Config.Effective(result, "ami").Source));
    }

    [Fact]
    public void No_image_is_no_problem_for_the_plan_and_says_pulumi_asks_for_one()
    {
        var result = Config.Read();

        Assert.Null(Config.AssertValid(result).Image);
        Assert.Empty(result.Warnings);
        Assert.Equal("(none: pulumi preview asks for one)", Config.Effective(result, "ami").Display);
    }

    [Fact]
    public void An_id_alone_is_enough()
    {
        Assert.Equal("ami-0b2c3d4e5f6a7b8c9", Config.Valid(("ami", """{"id": "ami-0b2c3d4e5f6a7b8c9"}""")).Image!.Id);
    }

    [Fact]
    public void Every_problem_of_the_entry_is_named_at_once()
    {
        var result = Config.Read(("ami", """{"id": "ami-0b2c3d4e5f6a7b8c9", "created": "last tuesday", "owner": "amazon"}"""));

        Config.AssertRefused(result, "ami", "ami.created = \"last tuesday\"", "2026-11-17T20:12:33Z");
        Config.AssertRefused(result, "ami", "ami.owner is not a property of the image", "id, name and created");
    }

    [Theory]
    [InlineData("""{"name": "al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64"}""", "ami.id = (missing)")]
    [InlineData("""{"id": "ubuntu"}""", "ami.id = \"ubuntu\"")]
    [InlineData("\"ami-0b2c3d4e5f6a7b8c9\"", "a map {id: ami-...")]
    public void An_entry_without_an_ami_id_is_refused_saying_how_to_pin_one(string value, string said)
    {
        Config.AssertRefused(Config.Read(("ami", value)), "ami", said);
    }

    [Fact]
    public void An_image_that_isnt_amazon_linux_2023_is_accepted_with_a_warning()
    {
        var result = Config.Read(("ami", """{"id": "ami-0b2c3d4e5f6a7b8c9", "name": "my-golden-image-7"}"""));

        Config.AssertValid(result);
        Assert.Contains(result.Warnings, warning => warning.Key == "ami" && warning.Message.Contains("written for Amazon Linux 2023", StringComparison.Ordinal));
    }
}
