// A call of the AWS CLI as the stack's tools make it, for what neither the provider nor an offline plan can do
// (watching a deploy, looking an image up): the stack's region and aws:profile, JSON out. One place for the
// program's name too, so the deploy and `ami update` talk to the same CLI (WEBSTACK_AWS_CLI names another one).
namespace WebStack.Core;

public static class AwsCliCall
{
    public const string ProgramVariable = "WEBSTACK_AWS_CLI";

    /// <summary>The program to run: WEBSTACK_AWS_CLI when set, else aws from PATH.</summary>
    public static string Program(string? variable) => variable is { Length: > 0 } program ? program : "aws";

    /// <summary><paramref name="command"/> ("ec2 describe-images ...") with the region, the profile and JSON output.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> command, string region, string? profile) =>
        [.. command, "--region", region, "--output", "json", .. profile is { Length: > 0 } ? new[] { "--profile", profile } : []];

    /// <summary>What to tell a user whose machine can't run the CLI, and why it is needed.</summary>
    public static string Missing(string program, string why) =>
        $"the AWS CLI ({program}) can't be run here: {why}. Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), "
        + $"or name the program in {ProgramVariable}";
}
