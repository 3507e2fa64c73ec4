// Reading Pulumi.<stack>.yaml the way Pulumi hands values to a program: scalars as text, lists and maps as JSON.
using WebStack.Core.Settings;
using WebStack.Local.Stacks;

namespace WebStack.Local.Tests;

public sealed class StackFilesTests
{
    [Fact]
    public void Scalars_are_text_structured_values_are_json_and_secure_values_are_unreadable_secrets()
    {
        using var project = new TestProject().WithStack("mixed", """
            config:
              aws:region: eu-central-1
              webstack:minSize: 2
              webstack:ingressCidrs:
                - 203.0.113.0/24
                - 198.51.100.0/24
              webstack:tags:
                Team: web
                Tier: "2"
              webstack:sites:
                - name: blog
                  serverName: blog.example.com
                  processes: 2
              webstack:certificateArn:
                secure: v1:abc
            """);

        var config = StackFiles.Find(project.Directory).Read("mixed");

        Assert.Equal("webstack", config.Project);
        Assert.Equal("mixed", config.Stack);
        Assert.Equal(ConfigValue.Plain("eu-central-1"), config.Values["aws:region"]);
        Assert.Equal(ConfigValue.Plain("2"), config.Values["webstack:minSize"]);
        Assert.Equal("[\"203.0.113.0/24\",\"198.51.100.0/24\"]", config.Values["webstack:ingressCidrs"].Text);
        Assert.Equal("{\"Team\":\"web\",\"Tier\":\"2\"}", config.Values["webstack:tags"].Text);
        Assert.Equal("[{\"name\":\"blog\",\"serverName\":\"blog.example.com\",\"processes\":2}]", config.Values["webstack:sites"].Text);
        Assert.Equal(ConfigValue.UnreadableSecret, config.Values["webstack:certificateArn"]);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        using var project = new TestProject().WithStack("bad", "config:\n  webstack:minSize: [1\n");

        var exception = Assert.Throws<UserFacingException>(() => StackFiles.Find(project.Directory).Read("bad"));

        Assert.Contains("Pulumi.bad.yaml is not valid YAML (line", exception.Message);
    }

    [Fact]
    public void A_stack_name_with_path_characters_is_refused()
    {
        var exception = Assert.Throws<UserFacingException>(() => StackFiles.Find(TestProject.RepositoryRoot).Read("../dev"));

        Assert.Contains("\"../dev\" is not a stack name", exception.Message);
    }

    [Fact]
    public void Outside_a_project_the_error_says_where_to_run()
    {
        var empty = Directory.CreateTempSubdirectory("webstack-empty-").FullName;
        try
        {
            var exception = Assert.Throws<UserFacingException>(() => StackFiles.Find(empty));
            Assert.Contains("no Pulumi.yaml in", exception.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
