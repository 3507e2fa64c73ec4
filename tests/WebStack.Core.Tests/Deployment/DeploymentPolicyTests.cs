// The deployment policy: launch before terminate keeps every group, one server included, at its desired number of
// healthy servers while it replaces them; the group's own default (terminate first) does not.
using WebStack.Core.Deployment;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Deployment;

public sealed class DeploymentPolicyTests
{
    private static DeploymentPolicy PolicyOf(params (string Key, string Value)[] settings) => StackPlan.From(Config.Valid(settings)).Deployment;

    [Theory]
    [InlineData("dev", 200)]
    [InlineData("prod", 150)]
    public void Every_profile_launches_replacements_before_it_terminates_and_rolls_back_a_failed_refresh(string profile, int maxHealthy)
    {
        var policy = PolicyOf(("profile", profile));

        Assert.Equal(100, policy.MinHealthyPercentage);
        Assert.Equal(maxHealthy, policy.MaxHealthyPercentage);
        Assert.True(policy.LaunchesFirst);
        Assert.True(policy.AutoRollback);
        Assert.False(policy.SkipMatching);
        // AWS refuses a range wider than 100 points.
        Assert.InRange(policy.MaxHealthyPercentage - policy.MinHealthyPercentage, 1, 100);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void A_group_of_any_size_never_has_fewer_healthy_servers_than_desired_while_replacing(string profile)
    {
        var policy = PolicyOf(("profile", profile));

        for (var desired = 1; desired <= 100; desired++)
        {
            var batch = policy.BatchSize(desired);
            Assert.InRange(batch, 1, desired);
            // Launched first: while a batch is replaced, desired + batch run, and never more than the maximum allows.
            Assert.True(desired + batch <= Math.Max(desired + 1, desired * policy.MaxHealthyPercentage / 100), $"{desired} servers: {batch} at a time");
            // Healthy ones never fall below the minimum: nothing is terminated before its replacement counts.
            Assert.True(desired * policy.MinHealthyPercentage / 100 >= desired);
        }
    }

    [Fact]
    public void The_groups_default_terminates_first_so_a_single_server_goes_before_its_replacement_exists()
    {
        var terminateFirst = PolicyOf(("profile", "dev")).TerminateFirst();

        Assert.False(terminateFirst.LaunchesFirst);
        Assert.Equal((90, 100), (terminateFirst.MinHealthyPercentage, terminateFirst.MaxHealthyPercentage));
        Assert.Equal(1, terminateFirst.BatchSize(1));
        Assert.Equal(1, terminateFirst.BatchSize(3));
        Assert.Equal(1, terminateFirst.BatchSize(10));
        Assert.Equal(1, terminateFirst.BatchSize(11));
        Assert.Equal(2, terminateFirst.BatchSize(20));
    }

    [Fact]
    public void The_warm_up_covers_the_target_groups_healthy_threshold_and_one_more_interval()
    {
        var policy = PolicyOf(("healthCheckIntervalSeconds", "7"), ("healthyThreshold", "3"));

        Assert.Equal(28, policy.InstanceWarmupSeconds);
        Assert.Equal(new ReplacementTime(BootSeconds: 60, HealthChecksSeconds: 21, WarmupSeconds: 28, DrainSeconds: 10), policy.TimePerBatch(
            new HealthCheckSettings("/healthz", 7, 3, 2), bootSeconds: 60));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("3600", true)]
    [InlineData("-1", false)]
    [InlineData("3601", false)]
    [InlineData("ten", false)]
    public void The_deregistration_delay_is_a_setting_from_0_to_3600_seconds(string value, bool valid)
    {
        var result = Config.Read(("deregistrationDelaySeconds", value));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Contains(result.Errors, error => error.Message == $"deregistrationDelaySeconds = \"{value}\": must be a whole number from 0 to 3600");
        }
    }
}
