// An empty stack file is a working stack: dev defaults are cheap, prod defaults are resilient, and the stack's
// name picks the profile unless the profile key says otherwise.
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public class ProfileTests
{
    [Theory]
    [InlineData("prod")]
    [InlineData("prod-eu")]
    [InlineData("production")]
    [InlineData("Prod")]
    [InlineData("PROD-2")]
    public void A_stack_named_prod_something_gets_prod_defaults(string stack)
    {
        var result = Config.ReadStack(stack);

        var settings = Config.AssertValid(result);
        Assert.Equal(Profile.Prod, settings.Profile);
        Assert.Equal(new EffectiveSetting("profile", "prod", SettingSource.Derived), Config.Effective(result, "profile"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("preprod")]
    [InlineData("test-prod")]
    [InlineData("alice")]
    public void Any_other_stack_gets_dev_defaults(string stack)
    {
        var result = Config.ReadStack(stack);

        var settings = Config.AssertValid(result);
        Assert.Equal(Profile.Dev, settings.Profile);
        Assert.Equal(new EffectiveSetting("profile", "dev", SettingSource.Derived), Config.Effective(result, "profile"));
    }

    [Theory]
    [InlineData("prod", "dev", Profile.Dev)]
    [InlineData("staging", "prod", Profile.Prod)]
    public void The_profile_key_overrides_the_stack_name(string stack, string profile, Profile expected)
    {
        var result = Config.ReadStack(stack, ("profile", profile));

        var settings = Config.AssertValid(result);
        Assert.Equal(expected, settings.Profile);
        Assert.Equal(ProfileDefaults.For(expected).Fleet.InstanceType, settings.Fleet.InstanceType);
        Assert.Equal(SettingSource.StackFile, Config.Effective(result, "profile").Source);
    }

    [Fact]
    public void Dev_defaults_are_cheap_two_zones_one_nat_one_small_server_and_a_throwaway_database()
    {
        var settings = Config.ValidStack("dev");

        Assert.Equal("us-east-1", settings.Region);
        Assert.Equal(new NetworkSettings(2, System.Net.IPNetwork.Parse("10.0.0.0/16"), NatStrategy.Single, FlowLogs: false), settings.Network);
        Assert.Equal(new FleetSettings("t3.small", 1, 2, 1, 2, 5001, 60), settings.Fleet);
        Assert.Equal(new HealthCheckSettings("/healthz", 10, 2, 2), settings.HealthCheck);
        Assert.Equal(new DatabaseSettings("17", "db.t4g.micro", 20, MultiAz: false, 1, DeletionProtection: false, FinalSnapshot: false), settings.Database);
        Assert.Equal(["0.0.0.0/0"], settings.IngressCidrs.Select(cidr => cidr.ToString()));
        Assert.Null(settings.CertificateArn);
        Assert.False(settings.HttpsEnabled);
        Assert.Null(settings.Ssh);
        Assert.Empty(settings.Tags);
        Assert.Empty(settings.Sites);
    }

    [Fact]
    public void Prod_defaults_are_resilient_three_zones_a_nat_each_a_server_each_and_a_protected_multi_az_database()
    {
        var settings = Config.ValidStack("prod");

        Assert.Equal(new NetworkSettings(3, System.Net.IPNetwork.Parse("10.0.0.0/16"), NatStrategy.PerAz, FlowLogs: true), settings.Network);
        Assert.Equal(new FleetSettings("m7i.large", 3, 9, 3, 2, 5001, 60), settings.Fleet);
        Assert.Equal(new DatabaseSettings("17", "db.m7g.large", 100, MultiAz: true, 14, DeletionProtection: true, FinalSnapshot: true), settings.Database);
        Assert.Null(settings.Ssh);
    }

    [Fact]
    public void The_defaults_the_readme_lists_are_the_defaults_a_stack_gets()
    {
        foreach (var profile in new[] { Profile.Dev, Profile.Prod })
        {
            var result = Config.ReadStack(profile.ToConfigText());
            Config.AssertValid(result);

            foreach (var key in SettingKeys.All.Where(key => key.Name != SettingKeys.Profile))
            {
                var effective = Config.Effective(result, key.Name);
                Assert.True(key.DefaultFor(profile) == effective.Display,
                    $"{profile}: {key.Name} is documented as {key.DefaultFor(profile)} but a stack gets {effective.Display}");
                Assert.Equal(SettingSource.Default, effective.Source);
            }
        }
    }

    [Fact]
    public void Every_setting_has_an_effective_value_listed_in_the_documented_order()
    {
        var result = Config.ReadStack("dev");

        Assert.Equal(SettingKeys.All.Select(key => key.Name), result.Effective.Select(setting => setting.Key));
    }

    [Fact]
    public void A_value_in_the_stack_file_replaces_only_its_own_default()
    {
        var settings = Config.ValidStack("prod", ("instanceType", "c7i.xlarge"));

        Assert.Equal("c7i.xlarge", settings.Fleet.InstanceType);
        Assert.Equal(ProfileDefaults.Prod.Fleet with { InstanceType = "c7i.xlarge" }, settings.Fleet);
        Assert.Equal(ProfileDefaults.Prod.Database, settings.Database);
    }

    [Fact]
    public void Desired_capacity_follows_min_size_when_the_stack_file_leaves_it_out()
    {
        var result = Config.ReadStack("dev", ("minSize", "2"), ("maxSize", "4"));

        var settings = Config.AssertValid(result);
        Assert.Equal(2, settings.Fleet.DesiredCapacity);
        Assert.Equal(new EffectiveSetting("desiredCapacity", "2", SettingSource.Derived), Config.Effective(result, "desiredCapacity"));
    }

    [Fact]
    public void Desired_capacity_follows_max_size_down_when_the_stack_file_leaves_it_out()
    {
        var result = Config.ReadStack("prod", ("minSize", "1"), ("maxSize", "2"));

        var settings = Config.AssertValid(result);
        Assert.Equal(2, settings.Fleet.DesiredCapacity);
        Assert.Equal(SettingSource.Derived, Config.Effective(result, "desiredCapacity").Source);
    }

    [Fact]
    public void A_default_desired_capacity_that_already_fits_stays_a_default()
    {
        var result = Config.ReadStack("dev", ("maxSize", "5"));

        Assert.Equal(new EffectiveSetting("desiredCapacity", "1", SettingSource.Default), Config.Effective(result, "desiredCapacity"));
    }

    [Fact]
    public void A_desired_capacity_in_the_stack_file_is_taken_as_written()
    {
        var result = Config.ReadStack("dev", ("maxSize", "5"), ("desiredCapacity", "4"));

        Assert.Equal(4, Config.AssertValid(result).Fleet.DesiredCapacity);
        Assert.Equal(new EffectiveSetting("desiredCapacity", "4", SettingSource.StackFile), Config.Effective(result, "desiredCapacity"));
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(5, 4)]
    [InlineData(300, 5)]
    public void A_health_check_times_out_before_the_next_one_starts(int interval, int timeout)
    {
        var settings = Config.Valid(("healthCheckIntervalSeconds", interval.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(timeout, settings.HealthCheck.TimeoutSeconds);
        Assert.True(settings.HealthCheck.TimeoutSeconds < settings.HealthCheck.IntervalSeconds);
    }

    [Fact]
    public void The_detection_window_is_the_interval_times_the_failed_checks_it_takes()
    {
        var settings = Config.Valid(("healthCheckIntervalSeconds", "15"), ("unhealthyThreshold", "3"));

        Assert.Equal(45, settings.HealthCheck.DetectionWindowSeconds);
    }
}
