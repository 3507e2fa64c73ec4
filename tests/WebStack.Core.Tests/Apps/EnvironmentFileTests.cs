// The servers' env files: any value but a NUL is carried exactly, in the double-quoted form systemd's EnvironmentFile=
// reads as a POSIX shell's double quotes do (bash sourcing the file is the check), and the user data's jq does the same.
using WebStack.Core.Apps;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Apps;

public sealed class EnvironmentFileTests
{
    private static readonly string[] Values =
    [
        "plain",
        "",
        "it's \"quoted\"",
        "$HOME and ${PATH} and `uname` and $(id)",
        "back\\slash at the end\\",
        "two\nlines",
        "p4ss!#%&*()-_=+[]{}<>:?.,;^~",
        "ünïcødé ✓",
    ];

    [Fact]
    public void Every_value_reads_back_exactly_as_written()
    {
        using var temp = new TempDirectory();
        var variables = Values.Select((value, index) => new KeyValuePair<string, string>($"V{index}", value)).ToList();
        var file = temp.Write("app.env", EnvironmentFile.Render(variables));

        var read = Tools.Run("bash", ["-c", "set -a; . \"$1\"; for name in " + string.Join(' ', variables.Select(pair => pair.Key)) + "; do printf '%s\\0' \"${!name}\"; done", "bash", file]);

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(Values, read.Stdout.Split('\0')[..^1]);
    }

    [Fact]
    public void The_user_datas_jq_quoting_writes_the_same_lines()
    {
        var jq = Tools.Require("jq", "the user data's quoting of secrets");
        using var temp = new TempDirectory();
        var input = temp.Write("values.json", System.Text.Json.JsonSerializer.Serialize(Values));

        var result = Tools.Run(jq, ["-r", EnvironmentFile.JqQuoteDefinition + " to_entries[] | \"V\\(.key)=\" + (.value | q)", input]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(EnvironmentFile.Render(Values.Select((value, index) => new KeyValuePair<string, string>($"V{index}", value))), result.Stdout);
    }

    [Fact]
    public void A_nul_and_a_bad_name_are_refused()
    {
        Assert.Contains("holds a NUL character", Assert.Throws<ArgumentException>(() => EnvironmentFile.Line("A", "a\0b")).Message);
        Assert.Contains("is not an environment variable name", Assert.Throws<ArgumentException>(() => EnvironmentFile.Line("A-B", "x")).Message);
    }
}
