// The image pin as a text edit of Pulumi.<stack>.yaml: the entry is replaced where it is, or added at the end of the
// config map; every other line stays as written (comments, blank lines, order, indentation, line endings).
using WebStack.Core.Images;

namespace WebStack.Core.Tests.Images;

public sealed class StackFileImagePinTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly PinnedImage Image = new("ami-0f1e2d3c4b5a69788", "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", new DateTimeOffset(2026, 11, 24, 21, 5, 41, TimeSpan.Zero));

    private static string Pin(string text) => StackFileImagePin.Pin(text, "webstack:ami", Image, "dev", Now);

    private const string Block = """
          webstack:ami:
            # Amazon Linux 2023.9.20261124, pinned by `webstack ami update dev` on 2026-12-04
            id: ami-0f1e2d3c4b5a69788
            name: "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64"
            created: "2026-11-24T21:05:41.000Z"
        """;

    [Fact]
    public void An_existing_entry_is_replaced_where_it_is_with_its_old_comment_and_blank_line_inside_it()
    {
        var text = """
            # dev
            config:
              aws:region: us-east-1
              webstack:ami:
                # Amazon Linux 2023.9.20251117, pinned by `webstack ami update dev` on 2025-11-20
                id: ami-0b2c3d4e5f6a7b8c9

                name: al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64
              # the servers
              webstack:minSize: 2

            """;

        Assert.Equal($"""
            # dev
            config:
              aws:region: us-east-1
            {Block}
              # the servers
              webstack:minSize: 2

            """, Pin(text));
    }

    [Fact]
    public void A_missing_entry_goes_after_the_last_setting_before_the_files_trailing_comments()
    {
        var text = "config:\n  aws:region: us-east-1\n  webstack:tags:\n    Team: web\n\n# end of file\n";

        Assert.Equal($"config:\n  aws:region: us-east-1\n  webstack:tags:\n    Team: web\n{Block}\n\n# end of file\n", Pin(text));
    }

    [Fact]
    public void A_map_after_config_is_left_alone()
    {
        var text = "config:\n  aws:region: us-east-1\nencryptionsalt: v1:abc\n";

        Assert.Equal($"config:\n  aws:region: us-east-1\n{Block}\nencryptionsalt: v1:abc\n", Pin(text));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("# nothing set yet\n", "# nothing set yet\n")]
    [InlineData("config: {}\n", "")]
    public void A_file_without_settings_gets_a_config_map(string text, string kept)
    {
        Assert.Equal($"{kept}config:\n{Block}\n", Pin(text));
    }

    [Fact]
    public void The_files_own_indentation_and_line_endings_are_kept()
    {
        var text = "config:\r\n    aws:region: us-east-1\r\n    webstack:ami:\r\n        id: ami-0b2c3d4e5f6a7b8c9\r\n";

        var pinned = Pin(text);

        Assert.StartsWith("config:\r\n    aws:region: us-east-1\r\n    webstack:ami:\r\n        # Amazon Linux", pinned);
        Assert.Contains("\r\n        id: ami-0f1e2d3c4b5a69788\r\n", pinned);
        Assert.DoesNotContain("ami-0b2c3d4e5f6a7b8c9", pinned);
        Assert.DoesNotContain("\n", pinned.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quoted_key_is_the_same_entry()
    {
        var pinned = Pin("config:\n  \"webstack:ami\": '{\"id\": \"ami-0b2c3d4e5f6a7b8c9\"}'\n  webstack:minSize: 2\n");

        Assert.Equal($"config:\n{Block}\n  webstack:minSize: 2\n", pinned);
    }

    [Fact]
    public void A_config_in_flow_style_is_refused_rather_than_rewritten()
    {
        var refused = Assert.Throws<FormatException>(() => Pin("config: {aws:region: us-east-1}\n"));

        Assert.Contains("flow style", refused.Message);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("with \"quotes\" and \\", "\"with \\\"quotes\\\" and \\\\\"")]
    [InlineData("a\nb", "\"a\\u000ab\"")]
    public void Names_are_written_as_double_quoted_scalars(string name, string quoted)
    {
        Assert.Equal(quoted, StackFileImagePin.Quoted(name));
    }
}
