// Quoting for bash, nginx and systemd: whatever the value, it arrives as itself and can't change the file's meaning.
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public class ConfigTextTests
{
    public static TheoryData<string> HostileValues => new()
    {
        "",
        "plain",
        "with  two spaces",
        " leading and trailing ",
        "it's",
        "'",
        "''",
        "'\\''",
        "\"double\"",
        "back\\slash\\",
        "$HOME",
        "${PATH}",
        "$(id -u)",
        "`id -u`",
        "a;b|c&d>e<f",
        "*?[a-z]",
        "~root",
        "!!",
        "-n",
        "--help",
        "%s %d %%",
        "ünïcödé ✓ 日本",
        "#not a comment",
    };

    [SkippableTheory]
    [MemberData(nameof(HostileValues))]
    public void A_bash_word_reaches_bash_as_exactly_the_value(string value)
    {
        var bash = Tools.Require("bash", "bash quoting");

        var result = Tools.Run(bash, ["-c", "printf '%s' " + ConfigText.Bash(value)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(value, result.Stdout);
    }

    [SkippableFact]
    public void A_command_substitution_in_a_bash_word_is_never_run()
    {
        var bash = Tools.Require("bash", "bash quoting");
        using var temp = new TempDirectory();
        var marker = temp.File("ran");

        foreach (var value in new[] { $"$(touch '{marker}')", $"`touch '{marker}'`", $"'; touch '{marker}'; '", $"x\" ; touch \"{marker}" })
        {
            var result = Tools.Run(bash, ["-c", "value=" + ConfigText.Bash(value) + "; printf '%s' \"$value\""]);
            Assert.Equal(value, result.Stdout);
            Assert.False(File.Exists(marker), $"bash ran a command hidden in {value}");
        }
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("carriage\rreturn")]
    [InlineData("nul\0byte")]
    [InlineData("delete\u007f")]
    public void Control_characters_are_refused_in_every_language(string value)
    {
        Assert.Contains("may not contain control characters", Assert.Throws<ArgumentException>(() => ConfigText.Bash(value)).Message);
        Assert.Contains("may not contain control characters", Assert.Throws<ArgumentException>(() => ConfigText.Nginx(value)).Message);
        Assert.Contains("may not contain control characters", Assert.Throws<ArgumentException>(() => ConfigText.SystemdWord(value)).Message);
        Assert.Contains("may not contain control characters", Assert.Throws<ArgumentException>(() => ConfigText.SystemdAssignment("NAME", value)).Message);
        Assert.Contains("may not contain control characters", Assert.Throws<ArgumentException>(() => ConfigText.SystemdPath("/" + value)).Message);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(x)", "'$(x)'")]
    public void A_bash_word_is_single_quoted(string value, string quoted)
    {
        Assert.Equal(quoted, ConfigText.Bash(value));
    }

    [Theory]
    [InlineData("/var/log/nginx/error.log", "\"/var/log/nginx/error.log\"")]
    [InlineData("a \"quoted\" word", "\"a \\\"quoted\\\" word\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("semi;colon {brace}", "\"semi;colon {brace}\"")]
    public void An_nginx_value_is_double_quoted_with_quotes_and_backslashes_escaped(string value, string quoted)
    {
        Assert.Equal(quoted, ConfigText.Nginx(value));
    }

    [Theory]
    [InlineData("$host")]
    [InlineData("/srv/${x}/app")]
    [InlineData("100$")]
    public void An_nginx_value_with_a_dollar_is_refused(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => ConfigText.Nginx(value));

        Assert.Contains($"\"{value}\" contains '$', which nginx would read as a variable", exception.Message);
    }

    [Theory]
    [InlineData("/opt/app/WebStack.App", "\"/opt/app/WebStack.App\"")]
    [InlineData("100%", "\"100%%\"")]
    [InlineData("%i and %n", "\"%%i and %%n\"")]
    [InlineData("$HOME ${X}", "\"$$HOME $${X}\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    public void A_systemd_command_word_doubles_percent_and_dollar_and_escapes_quotes(string value, string quoted)
    {
        Assert.Equal(quoted, ConfigText.SystemdWord(value));
    }

    [Theory]
    [InlineData("NAME", "value", "\"NAME=value\"")]
    [InlineData("PRICE", "$5 or 100%", "\"PRICE=$5 or 100%%\"")]
    [InlineData("GREETING", "say \"hi\"", "\"GREETING=say \\\"hi\\\"\"")]
    public void A_systemd_environment_assignment_doubles_percent_only(string name, string value, string quoted)
    {
        Assert.Equal(quoted, ConfigText.SystemdAssignment(name, value));
    }

    [Theory]
    [InlineData("/opt/webstack/app/current")]
    [InlineData("/etc/webstack/app.env")]
    [InlineData("/srv/release-1.2_b")]
    public void A_plain_absolute_path_is_written_as_it_is(string path)
    {
        Assert.Equal(path, ConfigText.SystemdPath(path));
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/with space")]
    [InlineData("/with\"quote")]
    [InlineData("/with\\backslash")]
    [InlineData("/with%percent")]
    [InlineData("/with$dollar")]
    [InlineData("")]
    public void A_path_systemd_would_read_differently_is_refused(string path)
    {
        Assert.Throws<ArgumentException>(() => ConfigText.SystemdPath(path));
    }
}
