// One raw value of a stack's configuration, as Pulumi holds it: text, possibly secret.
namespace WebStack.Core.Settings;

/// <param name="Text">The value as text; structured values (lists, maps) are JSON. Null for a secret that could not be decrypted here.</param>
/// <param name="IsSecret">Whether the stack stores the value as a secret; its text is never shown.</param>
public sealed record ConfigValue(string? Text, bool IsSecret = false)
{
    public static ConfigValue Plain(string text) => new(text);

    /// <summary>A secret whose text is known (inside a Pulumi run).</summary>
    public static ConfigValue Secret(string text) => new(text, IsSecret: true);

    /// <summary>A secret that is set but can't be read (the offline plan has no decryption key).</summary>
    public static ConfigValue UnreadableSecret { get; } = new(null, IsSecret: true);
}
