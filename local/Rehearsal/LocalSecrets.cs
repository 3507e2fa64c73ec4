// An app's secrets in a rehearsal: never the stack's real values (they stay encrypted in the stack's file and in
// Pulumi's state), but a value the user sets for the run in WEBSTACK_LOCAL_SECRET_<NAME>, or else a placeholder that
// says so. The app gets the variable either way, as it would on a server.
using WebStack.Core.Apps;

namespace WebStack.Local.Rehearsal;

public static class LocalSecrets
{
    public const string Prefix = "WEBSTACK_LOCAL_SECRET_";

    public static string Placeholder(string name) => $"placeholder: set {Prefix}{name} for a real value";

    /// <summary>Each secret of <paramref name="app"/> by its variable name, with the value the run gives it.</summary>
    public static IReadOnlyDictionary<string, string> For(AppSettings app, Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        return app.Secrets.Keys.ToDictionary(name => name, name => variable(Prefix + name) is { Length: > 0 } value ? value : Placeholder(name), StringComparer.Ordinal);
    }

    /// <summary>The secrets that got a placeholder, for the rehearsal to say so.</summary>
    public static IReadOnlyList<string> Placeheld(AppSettings app, Func<string, string?>? variable = null) =>
        For(app, variable).Where(pair => pair.Value == Placeholder(pair.Key)).Select(pair => pair.Key).ToList();
}
