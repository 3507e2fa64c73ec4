// Writes a pinned image into a stack's file, safely: the edited text is read back as Pulumi would read it and must
// hold exactly the settings it held before plus the new image; only then does it replace the file, in one rename,
// with the file's permissions kept. Otherwise the file is untouched and the user is told how to set it by hand.
using WebStack.Core.Images;
using WebStack.Core.Settings;

namespace WebStack.Local.Stacks;

public static class StackFileImageWrite
{
    public static void Write(StackFiles files, string stack, StackConfig before, string key, PinnedImage image, DateTimeOffset now)
    {
        var path = files.StackFilePath(stack);
        var fileName = Path.GetFileName(path);
        var byHand = $"set it by hand: pulumi config set --stack {stack} --path '{key}.id' {image.Id} (and .name, .created)";
        string edited;
        try
        {
            edited = StackFileImagePin.Pin(File.ReadAllText(path), key, image, stack, now);
        }
        catch (FormatException exception)
        {
            throw new UserFacingException($"{fileName} can't be edited: {exception.Message}; it is unchanged. Or {byHand}");
        }

        var temporary = Path.Combine(files.ProjectDirectory, $".{fileName}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, edited);
            var after = new StackConfig(before.Project, stack, StackFiles.ReadConfig(temporary));
            if (Difference(before, after, key, image) is { } difference)
            {
                throw new UserFacingException($"pinning the image into {fileName} would also change {difference}; it is unchanged. Instead, {byHand}");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>What differs between the two besides the image now pinned; null when nothing does.</summary>
    private static string? Difference(StackConfig before, StackConfig after, string key, PinnedImage image)
    {
        var changed = before.Values.Keys.Union(after.Values.Keys)
            .Where(name => name != key && before.Values.GetValueOrDefault(name) != after.Values.GetValueOrDefault(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (changed.Count > 0)
        {
            return string.Join(", ", changed);
        }

        var pinned = StackSettingsReader.Read(after).Settings?.Image;
        return pinned is not null && pinned.Id == image.Id && pinned.Name == image.Name && pinned.Created == image.Created ? null : $"{key} itself (it reads back as {pinned?.Describe() ?? "no image"})";
    }
}
