// The tests that start rehearsals (nginx, PostgreSQL, the app, `webstack up` itself) run one class at a time, after
// the others: they share this machine's run directory and cores, so a test that counts runs or processes, or times a
// crash under load, sees only its own.
namespace WebStack.Local.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RehearsalCollection
{
    public const string Name = "rehearsals";
}
