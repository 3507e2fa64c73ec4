// The cost settings are read like every other: profile defaults, exact values, and every mistake reported at once.
using WebStack.Core.Cost;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Cost;

public class CostSettingsTests
{
    [Fact]
    public void Defaults_differ_by_profile_and_send_no_mail()
    {
        var dev = Config.ValidStack("dev");
        var prod = Config.ValidStack("prod");

        Assert.Equal(new CostSettings(new UsageAssumptions(10, 1, 1, 0, 1), 20), dev.Cost);
        Assert.Equal(new CostSettings(new UsageAssumptions(100, 2, 20, 50, 1), 20), prod.Cost);
        Assert.Null(dev.AlarmEmail);
    }

    [Fact]
    public void Set_values_are_taken_as_written()
    {
        var result = Config.Read(("usageEgressGb", "250.5"), ("usageAlbLcu", "0.25"), ("budgetMarginPercent", "0"), ("alarmEmail", "ops+web@example.co.kr"));

        var settings = Config.AssertValid(result);
        Assert.Equal(250.5m, settings.Cost.Usage.EgressGb);
        Assert.Equal(0.25m, settings.Cost.Usage.AlbLcu);
        Assert.Equal(0, settings.Cost.BudgetMarginPercent);
        Assert.Equal("ops+web@example.co.kr", settings.AlarmEmail);
        Assert.Equal(new EffectiveSetting("usageAlbLcu", "0.25", SettingSource.StackFile), Config.Effective(result, "usageAlbLcu"));
    }

    [Fact]
    public void Every_bad_cost_setting_is_reported_at_once()
    {
        var result = Config.Read(
            ("usageEgressGb", "-1"),
            ("usageAlbLcu", "lots"),
            ("usageFlowLogGb", "1.234"),
            ("budgetMarginPercent", "1001"),
            ("alarmEmail", "ops at example.com"));

        Config.AssertRefused(result, "usageEgressGb", "usageEgressGb = \"-1\": must be a number from 0 to 10000000 with at most two decimals");
        Config.AssertRefused(result, "usageAlbLcu", "\"lots\"");
        Config.AssertRefused(result, "usageFlowLogGb", "at most two decimals");
        Config.AssertRefused(result, "budgetMarginPercent", "must be a whole number from 0 to 1000");
        Config.AssertRefused(result, "alarmEmail", "alarmEmail = \"ops at example.com\": must be an e-mail address such as ops@example.com");
        Assert.Equal(5, result.Errors.Count);
    }

    [Theory]
    [InlineData("ops@example")]
    [InlineData("@example.com")]
    [InlineData("ops@@example.com")]
    [InlineData("ops@example.com, dev@example.com")]
    [InlineData("\"ops\"@example.com")]
    public void Anything_but_one_plain_address_is_refused(string address)
    {
        Config.AssertRefused(Config.Read(("alarmEmail", address)), "alarmEmail", "must be an e-mail address");
    }
}
