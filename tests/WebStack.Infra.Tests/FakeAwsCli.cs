// A stand-in for the AWS CLI the program drives its deploys with: a script that records every call and answers each
// command with the JSON a test gave it, the n-th call of a command with its n-th answer (the last one after that),
// so a test can play a refresh that goes from in progress to done, or to rolled back.
using System.Text;

namespace WebStack.Infra.Tests;

internal sealed class FakeAwsCli : IDisposable
{
    public FakeAwsCli()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("webstack-fake-aws-").FullName;
        Script = Path.Combine(Directory, "aws");
        File.WriteAllText(Script, """
            #!/bin/bash
            dir=$(dirname "$0")
            printf '%s\n' "$*" >> "$dir/calls.log"
            command="$1-$2"
            count=$(( $(cat "$dir/$command.count" 2>/dev/null || echo 0) + 1 ))
            echo "$count" > "$dir/$command.count"
            answer=$(ls "$dir/$command".*.json 2>/dev/null | sed 's/.*\.\([0-9]*\)\.json$/\1/' | sort -n | awk -v n="$count" '$1 <= n { last = $1 } END { print last }')
            if [ -z "$answer" ]; then
                echo "the fake aws has no answer for $1 $2" >&2
                exit 254
            fi
            cat "$dir/$command.$answer.json"
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Script, (UnixFileMode)0b111_101_101);
        }

        // What a group on the mock's launch template version answers, with no refresh ever run: a no-change deploy.
        Answer("autoscaling describe-auto-scaling-groups", Group(MockCloud.LaunchTemplateVersion));
        Answer("autoscaling describe-instance-refreshes", """{"InstanceRefreshes": []}""");
        Answer("ec2 describe-launch-template-versions", Versions(
            (MockCloud.LaunchTemplateVersion, TestPackage.Package.ReleaseName), (MockCloud.LaunchTemplateVersion - 1, ReleaseBefore), (MockCloud.LaunchTemplateVersion - 2, FirstRelease)));
    }

    /// <summary>The release of the template's version before the mock's (the one a new deploy replaces).</summary>
    public const string ReleaseBefore = "2b2b2b2b2b2b";

    /// <summary>The release of the version before that.</summary>
    public const string FirstRelease = "1a1a1a1a1a1a";

    /// <summary>describe-launch-template-versions of versions carrying those releases (as the template's description names them).</summary>
    public static string Versions(params (int Number, string Release)[] versions) =>
        "{\"LaunchTemplateVersions\": ["
        + string.Join(", ", versions.Select(version =>
            $"{{\"VersionNumber\": {version.Number}, \"VersionDescription\": \"webstack-dev app server: nginx and 2 app processes; releases: default={version.Release}\"}}"))
        + "]}";

    public string Directory { get; }

    /// <summary>
    /// A group of two healthy servers on the version before the mock's template version, and a refresh to it that is
    /// in progress once and then successful: a deploy of a new release.
    /// </summary>
    public static FakeAwsCli DeployingANewVersion() => new FakeAwsCli()
        .Answer("autoscaling describe-auto-scaling-groups", Group(MockCloud.LaunchTemplateVersion - 1, 2, ("i-old1", MockCloud.LaunchTemplateVersion - 1, "Healthy"), ("i-old2", MockCloud.LaunchTemplateVersion - 1, "Healthy")))
        .Answer("autoscaling describe-auto-scaling-groups", Group(MockCloud.LaunchTemplateVersion, 2, ("i-new1", MockCloud.LaunchTemplateVersion, "Healthy"), ("i-new2", MockCloud.LaunchTemplateVersion, "Healthy")), call: 2)
        .Answer("autoscaling start-instance-refresh", """{"InstanceRefreshId": "r-new"}""")
        .Answer("autoscaling describe-instance-refreshes", Refresh("r-before", "Successful"))
        .Answer("autoscaling describe-instance-refreshes", Refresh("r-new", "InProgress", 50), call: 2)
        .Answer("autoscaling describe-instance-refreshes", Refresh("r-new", "Successful", 100), call: 3);

    /// <summary>The one start-instance-refresh call made.</summary>
    public string StartCall => Calls.Single(call => call.StartsWith("autoscaling start-instance-refresh", StringComparison.Ordinal));

    /// <summary>The preferences the refresh was started with.</summary>
    public System.Text.Json.JsonElement StartedPreferences
    {
        get
        {
            var call = StartCall;
            var from = call.IndexOf("--preferences ", StringComparison.Ordinal) + "--preferences ".Length;
            return System.Text.Json.JsonDocument.Parse(call[from..call.IndexOf(" --", from, StringComparison.Ordinal)]).RootElement;
        }
    }

    public string Script { get; }

    /// <summary>The answer to the <paramref name="call"/>-th call of <paramref name="command"/> ("autoscaling describe-auto-scaling-groups").</summary>
    public FakeAwsCli Answer(string command, string json, int call = 1)
    {
        File.WriteAllText(Path.Combine(Directory, $"{command.Replace(' ', '-')}.{call}.json"), json);
        return this;
    }

    /// <summary>Every call so far, one line each (its arguments).</summary>
    public IReadOnlyList<string> Calls => File.Exists(Path.Combine(Directory, "calls.log")) ? File.ReadAllLines(Path.Combine(Directory, "calls.log")) : [];

    public static string Group(int version, int desired = 1, params (string Id, int Version, string Health)[] instances)
    {
        var text = new StringBuilder($$"""{"AutoScalingGroups": [{"AutoScalingGroupName": "webstack-dev-app-group-0a1b2c3", "DesiredCapacity": {{desired}}, "LaunchTemplate": {"LaunchTemplateId": "lt-0abc", "Version": "{{version}}"}, "Instances": [""");
        text.Append(string.Join(", ", instances.Select(instance =>
            $$$"""{"InstanceId": "{{{instance.Id}}}", "LifecycleState": "InService", "HealthStatus": "{{{instance.Health}}}", "LaunchTemplate": {"Version": "{{{instance.Version}}}"}}""")));
        return text.Append("]}]}").ToString();
    }

    public static string Refresh(string id, string status, int? percentage = null, string? reason = null)
    {
        var progress = percentage is null ? "" : $", \"PercentageComplete\": {percentage}, \"InstancesToUpdate\": 1";
        var why = reason is null ? "" : $", \"StatusReason\": {System.Text.Json.JsonSerializer.Serialize(reason)}";
        return "{\"InstanceRefreshes\": [{\"InstanceRefreshId\": \"" + id + "\", \"Status\": \"" + status + "\"" + progress + why + "}]}";
    }

    /// <summary>
    /// Removes the fake. A run that failed may still have a deploy call of its own under way (Pulumi doesn't wait for
    /// every apply once the program has thrown), writing its log here: deleting is tried again until it succeeds.
    /// </summary>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (System.IO.Directory.Exists(Directory))
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
