// `webstack ami update <stack> [--id ami-...] [--dry-run]`: pins the stack's servers to an image. Without --id it is
// the region's latest Amazon Linux 2023 (Amazon's public parameter for it); with --id, the image named (the one
// before, to go back). It shows the pinned image and the new one with their dates and release notes, then writes
// webstack:ami into Pulumi.<stack>.yaml, changing no other line; `pulumi up` then replaces the servers with ones
// booted from it, by the same refresh as a new release. Nothing is written when the lookup or the edit fails.
using WebStack.Core;
using WebStack.Core.Images;
using WebStack.Core.Settings;
using WebStack.Local.Processes;
using WebStack.Local.Stacks;

namespace WebStack.Local.Commands;

public static class AmiCommand
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromMinutes(2);

    public static async Task<int> UpdateAsync(StackFiles files, string stack, string? id, bool dryRun, TextWriter output, TextWriter errors, DateTimeOffset now)
    {
        if (id is not null && !PinnedImage.IdPattern().IsMatch(id))
        {
            throw new UsageException($"--id \"{id}\": must be an AMI id such as ami-0abcdef1234567890");
        }

        var config = files.Read(stack);
        var key = config.KeyOf(SettingKeys.Ami);
        var fileName = Path.GetFileName(files.StackFilePath(stack));

        // The other settings must be valid (the region comes from them); the image's own entry is what gets replaced.
        var others = StackSettingsReader.Read(config with { Values = config.Values.Where(pair => pair.Key != key).ToDictionary() });
        if (!others.IsValid)
        {
            errors.WriteLine($"{fileName} has {others.Errors.Count} problem{(others.Errors.Count == 1 ? "" : "s")}; no image was looked up:");
            foreach (var problem in others.Errors)
            {
                errors.WriteLine($"  - {problem.Message}");
            }

            return ExitCodes.InvalidSettings;
        }

        var region = others.Settings!.Region;
        var profile = config.Values.GetValueOrDefault("aws:profile")?.Text;
        var pinned = StackSettingsReader.Read(config).Settings?.Image;
        var aws = new AwsLookup(AwsCliCall.Program(Environment.GetEnvironmentVariable(AwsCliCall.ProgramVariable)), region, profile);

        string newId;
        DescribedImage? described;
        try
        {
            newId = id ?? AmazonLinuxImages.ParseLatest(await aws.RunAsync(AmazonLinuxImages.LatestArguments(), "look up the latest Amazon Linux 2023 image"));
            described = AmazonLinuxImages.ParseDescribed(await aws.RunAsync(AmazonLinuxImages.DescribeArguments(newId), $"describe {newId}"), newId);
        }
        catch (FormatException exception)
        {
            throw new UserFacingException($"{exception.Message}; {fileName} is unchanged");
        }

        if (described is null)
        {
            throw new UserFacingException($"{region} has no image {newId} (ec2 describe-images knows none by that id); {fileName} is unchanged");
        }

        var problems = described.Problems();
        if (problems.Count > 0)
        {
            throw new UserFacingException($"the servers can't boot from {newId}; {fileName} is unchanged:" + string.Concat(problems.Select(problem => $"{Environment.NewLine}  - {problem}")));
        }

        var image = described.Image;
        output.WriteLine($"Stack {stack}, {region}: the servers' image");
        output.WriteLine($"  pinned now  {Describe(pinned, now)}");
        output.WriteLine($"  {(id is null ? "latest    " : "asked for ")}  {Describe(image, now)}");
        if (!image.IsAmazonLinux2023)
        {
            output.WriteLine($"  warning: {image.Name ?? newId} is not named as Amazon's Amazon Linux 2023 images are; the servers' user data is written for Amazon Linux 2023");
        }

        if (described.Deprecated is { } deprecated)
        {
            output.WriteLine($"  warning: Amazon deprecates it on {deprecated.UtcDateTime:yyyy-MM-dd}; instances already running keep it, but new ones may not find it after that");
        }

        if (pinned?.Id == image.Id)
        {
            output.WriteLine($"{fileName} already pins {image.Id}; nothing to change.");
            return ExitCodes.Success;
        }

        if (dryRun)
        {
            output.WriteLine($"--dry-run: {fileName} is unchanged.");
            return ExitCodes.Success;
        }

        StackFileImageWrite.Write(files, stack, config, key, image, now);
        output.WriteLine($"{fileName}: {key} now pins {image.Id}.");
        if (pinned is null)
        {
            output.WriteLine($"`pulumi up --stack {stack}` boots the servers from it; servers already running another image are replaced as a new release is.");
        }
        else
        {
            output.WriteLine($"`pulumi preview --stack {stack}` shows the launch template's new version; `pulumi up --stack {stack}` replaces the servers with ones booted from it,");
            output.WriteLine("  a few at a time, new ones healthy before old ones go, and waits for the end (rolled back if they never turn healthy).");
            output.WriteLine($"To go back: dotnet run --project local -- ami update {stack} --id {pinned.Id}, then pulumi up.");
        }

        return ExitCodes.Success;
    }

    private static string Describe(PinnedImage? image, DateTimeOffset now)
    {
        if (image is null)
        {
            return "(none)";
        }

        var age = image.AgeInDays(now) is { } days ? $", {days} day{(days == 1 ? "" : "s")} old" : "";
        var notes = image.ReleaseNotes is { } link ? $"; release notes {link}" : "";
        return $"{image.Describe()}{age}{notes}";
    }

    /// <summary>The AWS CLI with the stack's region and profile: what it printed, or a message saying what it said.</summary>
    private sealed record AwsLookup(string Program, string Region, string? Profile)
    {
        public async Task<string> RunAsync(IReadOnlyList<string> command, string what)
        {
            var result = await ProgramRunner.CaptureAsync(new CommandSpec(Program, AwsCliCall.Arguments(command, Region, Profile)), timeout: CallLimit);
            return result.ExitCode switch
            {
                0 => result.Output,
                127 => throw new UserFacingException(AwsCliCall.Missing(Program, $"{result.Errors}; `ami update` asks AWS for the image with it")),
                var code => throw new UserFacingException($"could not {what}: aws {string.Join(' ', command.Take(2))} failed (exit {code}):{Environment.NewLine}    {result.Errors.Trim().Replace("\n", "\n    ", StringComparison.Ordinal)}"),
            };
        }
    }
}
