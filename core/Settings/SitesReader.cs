// The optional extra sites: more apps on the same servers, each told apart by nginx through its server_name.
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Apps;

namespace WebStack.Core.Settings;

internal static partial class SitesReader
{
    public const string DefaultSiteName = "default";

    private static readonly string[] Properties = ["name", "serverName", "processes", "app"];

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,19}\z")]
    private static partial Regex SiteNamePattern();

    // A DNS name of two or more labels, lower case, optionally with a leading "*." wildcard as nginx allows.
    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex ServerNamePattern();

    public static IReadOnlyList<SiteSettings> Read(ConfigReader reader, int defaultProcesses, ISet<string> secretKeys)
    {
        var key = SettingKeys.Sites;
        var json = reader.Json(key, JsonValueKind.Array, "a list of sites, each {name, serverName, processes, app}");
        if (json is null)
        {
            if (!reader.IsSet(key))
            {
                reader.RecordDefault(key, "(none)");
            }

            return [];
        }

        var sites = new List<SiteSettings>();
        var errorsBefore = reader.Errors.Count;
        var index = 0;
        foreach (var element in json.Value.EnumerateArray())
        {
            var where = $"sites[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                reader.Error(key, $"{where}: each site must be a map with name, serverName, processes and (optionally) app");
                continue;
            }

            foreach (var property in element.EnumerateObject().Where(p => !Properties.Contains(p.Name)))
            {
                reader.Error(key, $"{where}.{property.Name} is not a site property; a site has {string.Join(", ", Properties)}");
            }

            var name = ReadString(reader, element, where, "name");
            var serverName = ReadString(reader, element, where, "serverName");
            var processes = defaultProcesses;
            if (element.TryGetProperty("processes", out var processesElement))
            {
                if (processesElement.ValueKind == JsonValueKind.Number && processesElement.TryGetInt32(out var count) && count is >= 1 and <= 16
                    || processesElement.ValueKind == JsonValueKind.String && int.TryParse(processesElement.GetString(), out count) && count is >= 1 and <= 16)
                {
                    processes = count;
                }
                else
                {
                    reader.Error(key, $"{where}.processes = {processesElement.GetRawText()}: must be a whole number from 1 to 16");
                }
            }

            if (name is not null && !SiteNamePattern().IsMatch(name))
            {
                reader.Error(key, $"{where}.name = \"{name}\": must start with a lower-case letter and hold up to 20 lower-case letters, digits or -");
                name = null;
            }
            else if (name == DefaultSiteName)
            {
                reader.Error(key, $"{where}.name = \"{name}\": \"{DefaultSiteName}\" is the main app's name; choose another");
                name = null;
            }
            else if (name is not null && sites.Any(site => site.Name == name))
            {
                reader.Error(key, $"{where}.name = \"{name}\": another site already has this name");
            }

            if (serverName is not null && !ServerNamePattern().IsMatch(serverName))
            {
                reader.Error(key, $"{where}.serverName = \"{serverName}\": must be a lower-case DNS name such as blog.example.com (or *.example.com)");
                serverName = null;
            }
            else if (serverName is not null && sites.Any(site => site.ServerName == serverName))
            {
                reader.Error(key, $"{where}.serverName = \"{serverName}\": another site already answers to this name");
            }

            AppSettings? app = null;
            if (element.TryGetProperty("app", out var appElement))
            {
                app = AppSettingsReader.Read(reader, key, $"{where}.app", appElement, secretKeys);
            }

            if (name is not null && serverName is not null)
            {
                sites.Add(new SiteSettings(name, serverName, processes, app));
            }
        }

        if (reader.Errors.Count == errorsBefore)
        {
            reader.Record(key, sites.Count == 0 ? "(none)" : string.Join("; ", sites.Select(site => $"{site.Name}: {site.ServerName} × {site.Processes}"
                + (site.App is null ? ", the default app" : $", {site.App.Source.Describe()}"))), SettingSource.StackFile);
        }

        return sites;
    }

    private static string? ReadString(ConfigReader reader, JsonElement site, string where, string property)
    {
        if (!site.TryGetProperty(property, out var element))
        {
            reader.Error(SettingKeys.Sites, $"{where}.{property} is missing");
            return null;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            reader.Error(SettingKeys.Sites, $"{where}.{property} = {element.GetRawText()}: must be text");
            return null;
        }

        return element.GetString();
    }
}
