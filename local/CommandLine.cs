// The command line: a command, its words and --name value options; anything else is a usage error.
namespace WebStack.Local;

public sealed record CommandLine(IReadOnlyList<string> Words, IReadOnlyDictionary<string, string> Options)
{
    public const string Usage = """
        usage: webstack <command> [options]

          plan <stack>            validate Pulumi.<stack>.yaml and print what the stack will build and what it
                                  costs a month  [--json: the cost estimate and budget as JSON]
          up <stack>              run one server of the stack here: nginx, its app processes and a throw-away
                                  PostgreSQL standing in for RDS, until Ctrl-C  [--port 8080]
          hosts up <stack>        run the whole topology in network namespaces (root): client, load balancer,
                                  servers and database, with the security groups as nftables rules, until Ctrl-C
          hosts deploy <stack>    a new build of the app to the running topology, server by server as the
                                  auto-scaling group's instance refresh does it; rolled back if it never turns
                                  healthy  [--run <id>] [--healthy-within <seconds>]
          ami update <stack>      pin the servers' image in Pulumi.<stack>.yaml to the region's latest Amazon Linux
                                  2023 (AWS CLI, the stack's region)  [--id ami-...: that image] [--dry-run]
          down                    stop and remove whatever an interrupted `up` or `hosts up` left behind
          bench [<stack>]         measure nginx and the app with wrk on loopback  [--seconds 10] [--output bench/results.md]

        options: --dir <project directory> (default: the nearest directory with a Pulumi.yaml)
        """;

    /// <summary>Options that stand alone, without a value.</summary>
    public static readonly IReadOnlyList<string> Flags = ["json", "dry-run"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && Flags.Contains(args[i][2..]))
            {
                options[args[i][2..]] = "true";
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option {args[i]} needs a value");
                }

                options[args[i][2..]] = args[++i];
            }
            else
            {
                words.Add(args[i]);
            }
        }

        return new CommandLine(words, options);
    }

    public string Option(string name, string fallback) => Options.GetValueOrDefault(name, fallback);

    public bool Flag(string name) => Options.ContainsKey(name);

    public int IntOption(string name, int fallback, int min, int max)
    {
        if (!Options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} \"{text}\" must be a whole number from {min} to {max}");
    }

    /// <summary>Refuses options the command doesn't take, so a typo isn't silently ignored.</summary>
    public void AllowOnly(params string[] names)
    {
        var unknown = Options.Keys.Where(name => name != "dir" && !names.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Select(name => "--" + name))}");
        }
    }
}

public sealed class UsageException(string message) : Exception(message);
