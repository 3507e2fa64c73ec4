// Entry point of the webstack command: dispatches to the plan, the rehearsals, their cleanup, the image pin and the benchmark.
using WebStack.Local;
using WebStack.Local.Commands;
using WebStack.Local.Stacks;

try
{
    var line = CommandLine.Parse(args);
    if (line.Words.Count == 0 || line.Words[0] is "help" or "-h")
    {
        Console.Out.WriteLine(CommandLine.Usage);
        return line.Words.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
    }

    StackFiles Project() => StackFiles.Find(line.Option("dir", Environment.CurrentDirectory));
    string Stack(int index) => line.Words.Count > index ? line.Words[index] : throw new UsageException("name the stack, e.g. dev (a Pulumi.dev.yaml in the project)");

    switch (line.Words[0])
    {
        case "plan":
            line.AllowOnly("json");
            return PlanCommand.Run(Project(), Stack(1), Console.Out, Console.Error, line.Flag("json"));
        case "up":
            line.AllowOnly("port");
            return await UpCommand.RunAsync(Project(), Stack(1), line.IntOption("port", 8080, 1, 65535));
        case "down":
            line.AllowOnly();
            return DownCommand.Run(Console.Out);
        case "hosts" when line.Words.Count > 1 && line.Words[1] == "up":
            line.AllowOnly();
            return await HostsCommand.RunAsync(Project(), Stack(2));
        case "hosts" when line.Words.Count > 1 && line.Words[1] == "deploy":
            line.AllowOnly("run", "healthy-within");
            return await HostsDeployCommand.RunAsync(Project(), Stack(2), line.Options.GetValueOrDefault("run"),
                line.Options.ContainsKey("healthy-within") ? line.IntOption("healthy-within", 60, 5, 3600) : null);
        case "hosts" when line.Words.Count > 1 && line.Words[1] == "down":
            line.AllowOnly();
            return DownCommand.Run(Console.Out);
        case "ami" when line.Words.Count > 1 && line.Words[1] == "update":
            line.AllowOnly("id", "dry-run");
            return await AmiCommand.UpdateAsync(Project(), Stack(2), line.Options.GetValueOrDefault("id"), line.Flag("dry-run"), Console.Out, Console.Error, DateTimeOffset.UtcNow);
        case "bench":
            line.AllowOnly("seconds", "output");
            return await BenchCommand.RunAsync(Project(), line.Words.Count > 1 ? line.Words[1] : "dev",
                line.IntOption("seconds", 10, 1, 600), line.Option("output", Path.Combine("bench", "results.md")));
        default:
            throw new UsageException($"unknown command \"{line.Words[0]}\"");
    }
}
catch (UsageException exception)
{
    Console.Error.WriteLine($"webstack: {exception.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(CommandLine.Usage);
    return ExitCodes.Usage;
}
catch (UserFacingException exception)
{
    Console.Error.WriteLine($"webstack: {exception.Message}");
    return ExitCodes.Failure;
}
