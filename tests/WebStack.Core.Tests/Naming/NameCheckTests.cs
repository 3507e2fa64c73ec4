// What the settings refuse because of the names a stack would give AWS, reported with every other problem at once:
// a stack name Pulumi wouldn't accept (naming the longest allowed), `pulumi:autonaming`, and project names that break
// a kind's rule.
using WebStack.Core.Naming;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Naming;

public class NameCheckTests
{
    private static SettingsResult Read(string project, string stack, params (string Key, string Value)[] values) =>
        StackSettingsReader.Read(StackConfig.FromPlain(project, stack, values.ToDictionary(value => value.Key, value => value.Value)));

    [Fact]
    public void The_longest_stack_name_pulumi_allows_is_accepted_with_every_name_valid()
    {
        var stack = "review-" + new string('x', ResourceNames.MaxStackNameLength - "review-".Length);

        var result = Read("webstack", stack, ("webstack:dbFinalSnapshot", "true"));

        Assert.True(result.IsValid, Config.Describe(result.Errors));
        Assert.Equal(100, stack.Length);
    }

    [Fact]
    public void A_stack_name_longer_than_pulumi_allows_is_refused_naming_the_longest_allowed()
    {
        var stack = new string('a', ResourceNames.MaxStackNameLength + 1);

        var problem = Config.AssertRefused(Read("webstack", stack), NameCheck.StackKey, "101 characters", "the longest allowed has 100");

        Assert.Contains(stack, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feature/x")]
    [InlineData("my stack")]
    [InlineData("dév")]
    [InlineData("")]
    public void A_stack_name_with_characters_pulumi_refuses_is_refused(string stack)
    {
        Config.AssertRefused(Read("webstack", stack), NameCheck.StackKey, "is not a stack name", "1 to 100 letters, digits, '-', '_' or '.'");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("_")]
    [InlineData("...")]
    [InlineData("Prod_EU.2")]
    public void Any_stack_name_pulumi_allows_is_accepted(string stack)
    {
        Config.AssertValid(Read("webstack", stack));
    }

    [Fact]
    public void Pulumis_autonaming_setting_is_refused_because_names_are_fitted_to_the_default()
    {
        var problem = Config.AssertRefused(Read("webstack", "dev", (NameCheck.AutonamingKey, "{\"mode\": \"verbatim\"}")), NameCheck.AutonamingKey, "remove it");

        Assert.Contains("'-' and 7 random characters", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal", "load balancer name", "must not start with \"internal-\"")]
    [InlineData("sg", "EC2 security group name", "must not start with \"sg-\"")]
    [InlineData("sthree", "S3 bucket name", "must not start with xn--, sthree- or amzn-s3-demo-")]
    public void A_project_name_that_gives_a_kind_a_name_aws_refuses_is_refused(string project, string kind, string because)
    {
        Config.AssertRefused(Read(project, "dev"), NameCheck.StackKey, $"\"{project}\"", kind, because);
    }

    [Fact]
    public void Name_problems_are_reported_with_every_other_problem_at_once()
    {
        var result = Read("webstack", new string('s', 120), ("webstack:minSize", "5"), ("webstack:maxSize", "2"));

        Config.AssertRefused(result, NameCheck.StackKey, "120 characters");
        Config.AssertRefused(result, "minSize", "maxSize");
    }
}
