// The stack configuration as the Pulumi language host hands it to the program (PULUMI_CONFIG and
// PULUMI_CONFIG_SECRET_KEYS), read into the same StackConfig the offline plan builds from the stack file.
using WebStack.Core.Settings;

namespace WebStack.Core.Tests.Settings;

public sealed class PulumiConfigJsonTests
{
    [Fact]
    public void Values_keep_their_text_structured_values_stay_json_and_secret_keys_are_marked()
    {
        var config = PulumiConfigJson.Parse("webstack", "dev",
            """{"aws:region":"eu-west-1","webstack:minSize":"2","webstack:tags":{"Team":"web"},"webstack:sshKeyName":"ops-key"}""",
            """["webstack:sshKeyName"]""");

        Assert.Equal(ConfigValue.Plain("eu-west-1"), config.Values["aws:region"]);
        Assert.Equal(ConfigValue.Plain("2"), config.Values["webstack:minSize"]);
        Assert.Equal(ConfigValue.Plain("{\"Team\":\"web\"}"), config.Values["webstack:tags"]);
        Assert.Equal(ConfigValue.Secret("ops-key"), config.Values["webstack:sshKeyName"]);
    }

    [Fact]
    public void Keys_in_the_older_project_config_key_form_read_as_project_key()
    {
        var config = PulumiConfigJson.Parse("webstack", "dev",
            """{"webstack:config:minSize":"2","webstack:config:sshKeyName":"ops"}""", """["webstack:config:sshKeyName"]""");

        Assert.Equal(["webstack:minSize", "webstack:sshKeyName"], config.Values.Keys.Order());
        Assert.True(config.Values["webstack:sshKeyName"].IsSecret);
    }

    [Fact]
    public void No_configuration_at_all_is_an_empty_stack_that_reads_as_the_profile_defaults()
    {
        var config = PulumiConfigJson.Parse("webstack", "prod-eu", null, null);

        var result = StackSettingsReader.Read(config);

        Assert.Empty(config.Values);
        Assert.True(result.IsValid);
        Assert.Equal(Profile.Prod, result.Settings!.Profile);
    }

    [Fact]
    public void A_typo_that_reaches_the_program_is_refused_like_in_the_offline_plan()
    {
        var result = StackSettingsReader.Read(PulumiConfigJson.Parse("webstack", "dev", """{"webstack:minSzie":"2"}""", "[]"));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, problem => problem.Message.Contains("did you mean minSize?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("webstack:config:minSize", "webstack:minSize")]
    [InlineData("aws:config:region", "aws:region")]
    [InlineData("webstack:minSize", "webstack:minSize")]
    [InlineData("aws:region", "aws:region")]
    [InlineData("webstack:configuration", "webstack:configuration")]
    public void A_key_reads_the_way_the_Pulumi_SDK_reads_it(string given, string expected) =>
        Assert.Equal(expected, PulumiConfigJson.CleanKey(given));
}
