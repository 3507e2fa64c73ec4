// `webstack ami update` as a user runs it: the webstack command started as its own process, with a recorded AWS CLI
// first on PATH (an `aws` that logs its arguments and prints the answers the test gave it). It pins the region's
// latest Amazon Linux 2023 into the stack's file and changes no other line; it changes nothing when the image is
// the pinned one, on --dry-run, for an image the servers can't boot, and when AWS says no.
using System.Diagnostics;
using WebStack.Core.Images;

namespace WebStack.Local.Tests;

public sealed class AmiUpdateTests : IDisposable
{
    private const string Latest = "ami-0f1e2d3c4b5a69788";

    private const string Pinned = "ami-0b2c3d4e5f6a7b8c9";

    private static readonly string StackFile = """
        # The staging stack: prod-like, in Seoul.
        config:
          aws:region: ap-northeast-2
          aws:profile: staging-admin
          webstack:profile: prod
          webstack:ami:
            id: ami-0b2c3d4e5f6a7b8c9
            name: al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64
            created: "2025-11-17T20:12:33.000Z"

          # Servers: one more than prod's default.
          webstack:minSize: 4
          webstack:tags:
            CostCenter: web-staging
        """;

    private readonly TestProject project = new TestProject().WithStack("staging", StackFile);

    private readonly string fake = Directory.CreateTempSubdirectory("webstack-fake-aws-").FullName;

    public AmiUpdateTests()
    {
        File.WriteAllText(Path.Combine(fake, "aws"), """
            #!/bin/bash
            dir=$(dirname "$0")
            printf '%s\n' "$*" >> "$dir/calls.log"
            if [ -f "$dir/$1-$2.fails" ]; then
                cat "$dir/$1-$2.fails" >&2
                exit 255
            fi
            cat "$dir/$1-$2.json" 2>/dev/null || { echo "no answer for $1 $2" >&2; exit 254; }
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(fake, "aws"), (UnixFileMode)0b111_101_101);
        Answer("ssm get-parameter", $$$"""{"Parameter": {"Name": "{{{AmazonLinuxImages.LatestParameter}}}", "Type": "String", "Value": "{{{Latest}}}", "Version": 118}}""");
        Answer("ec2 describe-images", Image(Latest, "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", "2026-11-24T21:05:41.000Z"));
    }

    private string StackPath => Path.Combine(project.Directory, "Pulumi.staging.yaml");

    private IReadOnlyList<string> Calls => File.Exists(Path.Combine(fake, "calls.log")) ? File.ReadAllLines(Path.Combine(fake, "calls.log")) : [];

    [Fact]
    public async Task It_pins_the_regions_latest_image_and_changes_no_other_line()
    {
        var (code, output, errors) = await AmiAsync("ami", "update", "staging");

        Assert.True(code == 0, errors + output);
        // Amazon's parameter for AL2023 on its default kernel, then the image's facts, in the stack's region and profile.
        Assert.Equal(
            [
                $"ssm get-parameter --name {AmazonLinuxImages.LatestParameter} --region ap-northeast-2 --output json --profile staging-admin",
                $"ec2 describe-images --image-ids {Latest} --region ap-northeast-2 --output json --profile staging-admin",
            ],
            Calls);
        Assert.Contains($"pinned now  {Pinned} (al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64), made 2025-11-17", output);
        Assert.Contains("release notes https://docs.aws.amazon.com/linux/al2023/release-notes/relnotes-2023.9.20251117.html", output);
        Assert.Contains($"latest      {Latest} (al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64), made 2026-11-24", output);
        Assert.Contains("relnotes-2023.9.20261124.html", output);
        Assert.Contains($"To go back: dotnet run --project local -- ami update staging --id {Pinned}", output);

        var lines = File.ReadAllLines(StackPath);
        var entry = Array.IndexOf(lines, "  webstack:ami:");
        Assert.Equal(StackFile.Split('\n')[..entry], lines[..entry]);
        Assert.Matches(@"^    # Amazon Linux 2023\.9\.20261124, pinned by `webstack ami update staging` on \d{4}-\d{2}-\d{2}$", lines[entry + 1]);
        Assert.Equal(
            [$"    id: {Latest}", "    name: \"al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64\"", "    created: \"2026-11-24T21:05:41.000Z\""],
            lines[(entry + 2)..(entry + 5)]);
        Assert.Equal(StackFile.Split('\n')[(entry + 4)..], lines[(entry + 5)..]);

        // The plan reads it back: the image, and how old it is.
        var (planCode, plan, _) = PlanCommandTests.Plan(project.Directory, "staging");
        Assert.Equal(0, planCode);
        Assert.Matches($@"image\s+{Latest} \(al2023-ami-2023\.9\.20261124\.0-kernel-6\.1-x86_64\), made 2026-11-24, \d+ days? old", plan);
    }

    [Fact]
    public async Task A_stack_without_an_image_gets_one_added_at_the_end_of_its_config()
    {
        project.WithStack("staging", StackFile.Replace("""
              webstack:ami:
                id: ami-0b2c3d4e5f6a7b8c9
                name: al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64
                created: "2025-11-17T20:12:33.000Z"

            """, "", StringComparison.Ordinal) + "\n# (end)\n");
        var before = File.ReadAllLines(StackPath);

        var (code, output, errors) = await AmiAsync("ami", "update", "staging");

        Assert.True(code == 0, errors + output);
        Assert.Contains("pinned now  (none)", output);
        Assert.DoesNotContain("To go back", output);
        var lines = File.ReadAllLines(StackPath);
        Assert.Equal(before[..^1], lines[..(before.Length - 1)]);
        Assert.Equal(["  webstack:ami:", $"    id: {Latest}"], new[] { lines[before.Length - 1], lines[before.Length + 1] });
        Assert.Equal("# (end)", lines[^1]);
        var (_, plan, _) = PlanCommandTests.Plan(project.Directory, "staging");
        Assert.Matches($@"image\s+{Latest} ", plan);
    }

    [Fact]
    public async Task The_image_already_pinned_and_a_dry_run_change_nothing()
    {
        Answer("ssm get-parameter", $$$"""{"Parameter": {"Value": "{{{Pinned}}}"}}""");
        Answer("ec2 describe-images", Image(Pinned, "al2023-ami-2023.9.20251117.0-kernel-6.1-x86_64", "2025-11-17T20:12:33.000Z"));
        var (code, output, _) = await AmiAsync("ami", "update", "staging");
        Assert.Equal(0, code);
        Assert.Contains($"Pulumi.staging.yaml already pins {Pinned}; nothing to change.", output);
        Assert.Equal(StackFile, File.ReadAllText(StackPath));

        Answer("ssm get-parameter", $$$"""{"Parameter": {"Value": "{{{Latest}}}"}}""");
        Answer("ec2 describe-images", Image(Latest, "al2023-ami-2023.9.20261124.0-kernel-6.1-x86_64", "2026-11-24T21:05:41.000Z"));
        (code, output, _) = await AmiAsync("ami", "update", "staging", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains($"latest      {Latest}", output);
        Assert.Contains("--dry-run: Pulumi.staging.yaml is unchanged.", output);
        Assert.Equal(StackFile, File.ReadAllText(StackPath));
    }

    [Fact]
    public async Task An_image_named_by_id_is_pinned_as_asked_and_one_the_servers_cant_boot_is_refused()
    {
        const string Older = "ami-0aaaabbbbccccdddd";
        Answer("ec2 describe-images", Image(Older, "al2023-ami-2023.9.20251020.0-kernel-6.1-x86_64", "2025-10-20T18:00:00.000Z"));
        var (code, output, errors) = await AmiAsync("ami", "update", "staging", "--id", Older);
        Assert.True(code == 0, errors + output);
        Assert.DoesNotContain(Calls, call => call.StartsWith("ssm", StringComparison.Ordinal));
        Assert.Contains($"asked for   {Older}", output);
        Assert.Contains($"    id: {Older}", File.ReadAllLines(StackPath));

        var pinned = File.ReadAllText(StackPath);
        Answer("ec2 describe-images", Image(Latest, "al2023-ami-2023.9.20261124.0-kernel-6.1-arm64", "2026-11-24T21:05:41.000Z", architecture: "arm64"));
        (code, _, errors) = await AmiAsync("ami", "update", "staging", "--id", Latest);
        Assert.Equal(1, code);
        Assert.Contains($"the servers can't boot from {Latest}; Pulumi.staging.yaml is unchanged:", errors);
        Assert.Contains($"{Latest} is built for arm64; the servers' instance types are x86_64", errors);
        Assert.Equal(pinned, File.ReadAllText(StackPath));

        (code, _, errors) = await AmiAsync("ami", "update", "staging", "--id", "ubuntu-24.04");
        Assert.Equal(2, code);
        Assert.Contains("--id \"ubuntu-24.04\": must be an AMI id such as ami-0abcdef1234567890", errors);
    }

    [Fact]
    public async Task What_AWS_says_when_it_refuses_is_shown_and_nothing_is_written()
    {
        File.WriteAllText(Path.Combine(fake, "ssm-get-parameter.fails"), "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n");

        var (code, _, errors) = await AmiAsync("ami", "update", "staging");

        Assert.Equal(1, code);
        Assert.Contains("could not look up the latest Amazon Linux 2023 image: aws ssm get-parameter failed (exit 255):", errors);
        Assert.Contains("Unable to locate credentials", errors);
        Assert.Equal(StackFile, File.ReadAllText(StackPath));
    }

    [Fact]
    public async Task Without_an_AWS_CLI_it_says_how_to_get_one()
    {
        var (code, _, errors) = await AmiAsync(new Dictionary<string, string> { ["WEBSTACK_AWS_CLI"] = Path.Combine(fake, "no-such-aws") }, "ami", "update", "staging");

        Assert.Equal(1, code);
        Assert.Contains($"the AWS CLI ({Path.Combine(fake, "no-such-aws")}) can't be run here", errors);
        Assert.Contains("Install AWS CLI v2", errors);
        Assert.Equal(StackFile, File.ReadAllText(StackPath));
    }

    [Fact]
    public async Task A_stack_file_with_problems_is_refused_before_AWS_is_asked()
    {
        project.WithStack("staging", StackFile.Replace("webstack:minSize: 4", "webstack:minSize: 40\n  webstack:instanceSize: large", StringComparison.Ordinal));

        var (code, _, errors) = await AmiAsync("ami", "update", "staging");

        Assert.Equal(3, code);
        Assert.Contains("Pulumi.staging.yaml has 2 problems; no image was looked up:", errors);
        Assert.Contains("minSize", errors);
        Assert.Contains("instanceSize", errors);
        Assert.Empty(Calls);
    }

    public void Dispose()
    {
        project.Dispose();
        Directory.Delete(fake, recursive: true);
    }

    private void Answer(string command, string json) => File.WriteAllText(Path.Combine(fake, $"{command.Replace(' ', '-')}.json"), json);

    private static string Image(string id, string name, string created, string architecture = "x86_64") => $$"""
        {"Images": [{"ImageId": "{{id}}", "Name": "{{name}}", "CreationDate": "{{created}}", "Architecture": "{{architecture}}",
          "State": "available", "ImageOwnerAlias": "amazon", "OwnerId": "137112412989", "DeprecationTime": "2028-11-24T21:05:41.000Z"}]}
        """;

    private Task<(int Code, string Output, string Errors)> AmiAsync(params string[] arguments) => AmiAsync(new Dictionary<string, string>(), arguments);

    private async Task<(int Code, string Output, string Errors)> AmiAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "webstack.dll"));
        foreach (var argument in arguments.Concat(["--dir", project.Directory]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{fake}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment.Remove("WEBSTACK_AWS_CLI");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }
}
