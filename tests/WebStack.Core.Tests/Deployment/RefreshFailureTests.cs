// What `pulumi up` says when a refresh didn't go out, from the AWS CLI's answers: the refresh's status and reason,
// what the target group says of the servers that aren't healthy, failed launches, what still runs, what to do.
using WebStack.Core.Deployment;

namespace WebStack.Core.Tests.Deployment;

public sealed class RefreshFailureTests
{
    [Fact]
    public void The_message_says_why_what_the_servers_said_what_still_runs_and_how_to_hold_the_release_before()
    {
        var refresh = RefreshState.ParseNewest("""
            {"InstanceRefreshes": [{"InstanceRefreshId": "r-1", "Status": "RollbackSuccessful", "PercentageComplete": 0, "InstancesToUpdate": 2,
              "StatusReason": "An alarm went into ALARM state: webstack-prod-alarm-target-5xx.", "DesiredConfiguration": {"LaunchTemplate": {"Version": "7"}}}]}
            """)!;
        var targets = TargetHealthState.ParseAll("""
            {"TargetHealthDescriptions": [
              {"Target": {"Id": "i-old"}, "TargetHealth": {"State": "healthy"}},
              {"Target": {"Id": "i-new"}, "TargetHealth": {"State": "unhealthy", "Reason": "Target.Timeout", "Description": "Request timed out"}}]}
            """);
        var activities = ScalingActivities.ParseFailures("""
            {"Activities": [{"Description": "Launching a new EC2 instance. Status Reason: ...", "StatusCode": "Failed", "StatusMessage": "We currently do not have sufficient m7i.large capacity"},
                            {"Description": "Terminating EC2 instance: i-x", "StatusCode": "Successful"}]}
            """);

        var message = RefreshFailure.Message("3f9a1c0b7d2e", 7, "6", "0b7d2e3f9a1c", refresh, targets, activities, "webstack-prod-app-group-1");

        Assert.Equal(
            [
                "release 3f9a1c0b7d2e (launch template version 7) was not deployed: the instance refresh r-1 RollbackSuccessful (0 % done, 2 servers to go): An alarm went into ALARM state: webstack-prod-alarm-target-5xx..",
                "The target group says: i-new unhealthy (Target.Timeout: Request timed out).",
                "Launches that failed: Launching a new EC2 instance. Status Reason: ...: We currently do not have sufficient m7i.large capacity.",
                "The group webstack-prod-app-group-1 still runs, and launches on scale-out and replacement, the release before it, 0b7d2e3f9a1c (launch template version 6); AWS changes its configuration only when a refresh succeeds.",
            ],
            message.Split('\n')[..4]);
        Assert.EndsWith("to hold the stack on 0b7d2e3f9a1c instead: pulumi up -c webstack:rollbackTo=0b7d2e3f9a1c", message);
        Assert.Equal("7", refresh.DesiredVersion);
        Assert.False(refresh.IsRunning);
    }

    [Fact]
    public void The_group_runs_only_a_version_when_every_server_it_wants_is_on_it_in_service_and_healthy()
    {
        var group = GroupState.Parse("""
            {"AutoScalingGroups": [{"AutoScalingGroupName": "g", "DesiredCapacity": 2, "LaunchTemplate": {"LaunchTemplateId": "lt-1", "Version": "7"},
              "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService", "HealthStatus": "Healthy", "LaunchTemplate": {"Version": "7"}},
                            {"InstanceId": "i-2", "LifecycleState": "Pending", "HealthStatus": "Healthy", "LaunchTemplate": {"Version": "7"}}]}]}
            """);

        Assert.Equal("7", group.TemplateVersion);
        Assert.False(group.RunsOnly("7"));
        Assert.True((group with { Instances = [group.Instances[0]], DesiredCapacity = 1 }).RunsOnly("7"));
        Assert.Throws<FormatException>(() => GroupState.Parse("""{"AutoScalingGroups": []}"""));
    }
}
