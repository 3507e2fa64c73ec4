// The Security Hub controls table: one row per control, ids unique and shaped as Security Hub's, every control off
// naming the setting that turns it on, and the states following the settings they depend on.
using WebStack.Core.Security;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Security;

public sealed class SecurityControlsTests
{
    [Fact]
    public void Every_control_is_listed_once_with_a_security_hub_id_a_title_and_its_standards()
    {
        Assert.Equal(SecurityControls.All.Count, SecurityControls.All.Select(control => control.Id).Distinct().Count());
        Assert.All(SecurityControls.All, control =>
        {
            Assert.Matches(@"^(ACM|AutoScaling|EC2|ELB|IAM|KMS|RDS|S3|SNS|SecretsManager|SSM|WAF|Route53)\.\d+$", control.Id);
            Assert.False(string.IsNullOrWhiteSpace(control.Title));
            Assert.Matches("^(FSBP|FSBP, CIS 3.0|CIS 3.0|NIST 800-53)$", control.Standards);
            Assert.StartsWith("https://docs.aws.amazon.com/securityhub/latest/userguide/", control.Url, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void A_control_that_is_off_names_the_setting_that_turns_it_on(string stack)
    {
        var states = SecurityControls.For(Config.ValidStack(stack));

        Assert.All(states.Where(state => state.State.Status == ControlStatus.Off), state => Assert.Contains("turned on by", state.State.Says));
        Assert.All(states, state => Assert.False(string.IsNullOrWhiteSpace(state.State.Says), state.Control.Id));
    }

    [Fact]
    public void The_states_follow_the_settings()
    {
        ControlStatus Status(string id, params (string, string)[] settings) =>
            SecurityControls.All.Single(control => control.Id == id).Evaluate(Config.ValidStack("prod", settings)).Status;

        Assert.Equal(ControlStatus.Off, Status("ELB.1"));
        Assert.Equal(ControlStatus.Passes, Status("ELB.1", ("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-aaaa-bbbb-cccc-0123456789ab")));
        Assert.Equal(ControlStatus.Passes, Status("RDS.11"));
        Assert.Equal(ControlStatus.Off, Status("RDS.11", ("dbBackupRetentionDays", "6")));
        Assert.Equal(ControlStatus.Off, Status("ELB.16", ("waf", "false")));
        Assert.Equal(ControlStatus.Passes, Status("EC2.57", ("natStrategy", "none")));
        Assert.Equal(ControlStatus.NotMet, Status("RDS.23"));
    }

    [Fact]
    public void The_plans_summary_counts_every_control_and_lists_those_off_or_not_met()
    {
        var summary = ControlsTable.Summary(Config.ValidStack("prod"));
        var states = SecurityControls.For(Config.ValidStack("prod"));

        Assert.StartsWith($"Security Hub controls (FSBP, with CIS 3.0 and NIST where they add): {states.Count(state => state.State.Status == ControlStatus.Passes)} pass,", summary);
        Assert.Equal(states.Count(state => state.State.Status is ControlStatus.Off or ControlStatus.NotMet), summary.Split('\n').Count(line => line.StartsWith("  ", StringComparison.Ordinal)));
        Assert.Equal(SecurityControls.All.Count, ControlsTable.Rows(Config.Valid(), Config.ValidStack("prod")).Count);
    }
}
