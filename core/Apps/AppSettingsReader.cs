// Reads an app's settings (the `app` setting, or a site's `app`) from the structured value Pulumi passes, reporting
// every problem at once with where it is ("app.healthPath", "sites[1].app.secrets.STRIPE_KEY"). A secret is named, not
// given: it is one of the stack's own settings stored with `pulumi config set --secret`, checked here to exist and to
// be secret, so a value can never reach the servers in plain text by mistake.
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebStack.Core.Settings;

namespace WebStack.Core.Apps;

internal static partial class AppSettingsReader
{
    public const string ProjectProperty = "project";
    public const string PackageProperty = "package";
    public const string JarProperty = "jar";

    private static readonly string[] Sources = [ProjectProperty, PackageProperty, JarProperty];

    public static readonly IReadOnlyList<string> Properties =
    [
        ProjectProperty, PackageProperty, JarProperty, "javaVersion", "command", "healthPath", "releaseCommand", "staticDir", "staticPath", "env", "secrets",
        "startTimeoutSeconds", "releaseTimeoutSeconds",
    ];

    public const int MaxWords = 64;
    public const int MaxWordLength = 1024;
    public const int MaxValueLength = 4096;

    [GeneratedRegex(@"^/[A-Za-z0-9._~/-]{0,200}\z")]
    private static partial Regex HttpPathPattern();

    [GeneratedRegex(@"^/([A-Za-z0-9._~-]+/)+\z")]
    private static partial Regex StaticPathPattern();

    // A path inside a package: relative, of ordinary file-name characters, no . or .. segments.
    [GeneratedRegex(@"^(?!/)(?!.*//)[A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*\z")]
    private static partial Regex PackagePathPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex SecretKeyPattern();

    /// <summary>The app in <paramref name="element"/>, or null when it has a problem (each one reported).</summary>
    /// <param name="key">The setting the problems are reported under (app, or sites).</param>
    /// <param name="where">How the value is named in messages: "app", or "sites[0].app".</param>
    /// <param name="secretKeys">Collects the settings the app's secrets name, which are then known keys of the stack.</param>
    public static AppSettings? Read(ConfigReader reader, string key, string where, JsonElement element, ISet<string> secretKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Error(key, $"{where} must be a map of the app's settings ({string.Join(", ", Properties)})");
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        void Problem(string message) => reader.Error(key, message);

        foreach (var property in element.EnumerateObject().Where(p => !Properties.Contains(p.Name)))
        {
            var suggestion = KeySuggestion.Closest(property.Name, Properties);
            Problem($"{where}.{property.Name} is not an app setting" + (suggestion is null ? "" : $" (did you mean {suggestion}?)")
                + $"; an app has {string.Join(", ", Properties)}");
        }

        var source = ReadSource(element, where, Problem);
        var command = ReadCommand(element, "command", where, source, Problem);
        var release = ReadCommand(element, "releaseCommand", where, source, Problem);
        var health = ReadHttpPath(element, "healthPath", where, AppSettings.DefaultHealthPath, Problem);
        var staticPath = ReadStaticPath(element, where, Problem);
        var staticDirectory = ReadStaticDirectory(element, where, source, Problem);
        if (staticDirectory is not null && (health + "/").StartsWith(staticPath, StringComparison.Ordinal))
        {
            Problem($"{where}.healthPath = \"{health}\" is under staticPath {staticPath}, where nginx serves the static files, so the app would never see it");
        }

        var environment = ReadEnvironment(element, where, Problem);
        var secrets = ReadSecrets(reader, element, where, environment, secretKeys, Problem);
        var start = ReadWhole(element, "startTimeoutSeconds", where, AppSettings.DefaultStartTimeoutSeconds, 5, 600, Problem);
        var releaseTimeout = ReadWhole(element, "releaseTimeoutSeconds", where, AppSettings.DefaultReleaseTimeoutSeconds, 10, 3600, Problem);
        if (element.TryGetProperty("releaseTimeoutSeconds", out _) && release is null)
        {
            Problem($"{where}.releaseTimeoutSeconds is set but the app has no releaseCommand to time");
        }

        return reader.Errors.Count == errorsBefore && source is not null
            ? new AppSettings(source, command, health, release, staticDirectory, staticPath, environment, secrets, start, releaseTimeout)
            : null;
    }

    private static AppSource? ReadSource(JsonElement element, string where, Action<string> problem)
    {
        var given = Sources.Where(name => element.TryGetProperty(name, out _)).ToList();
        var javaGiven = element.TryGetProperty("javaVersion", out var javaElement);
        if (given.Count == 0)
        {
            problem($"{where} needs one of project (a .NET project to publish, e.g. src/Shop/Shop.csproj), package (a folder or .tar.gz built elsewhere) or jar (an executable jar run with java -jar)");
            return null;
        }

        if (given.Count > 1)
        {
            problem($"{where} has {string.Join(" and ", given)}; an app comes from one of project, package or jar");
            return null;
        }

        var name = given[0];
        var path = ReadText(element, name, where, problem);
        if (javaGiven && name != JarProperty)
        {
            problem($"{where}.javaVersion applies to a jar only; this app is a {name}");
        }

        if (path is null)
        {
            return null;
        }

        if (path.Any(char.IsControl) || path.Length > 1024)
        {
            problem($"{where}.{name} must be a path of up to 1024 characters without control characters");
            return null;
        }

        switch (name)
        {
            case ProjectProperty when !(path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase)):
                problem($"{where}.project = \"{path}\": must be a .NET project file (.csproj, .fsproj or .vbproj), e.g. src/Shop/Shop.csproj");
                return null;
            case ProjectProperty:
                return new DotnetProjectSource(path);
            case PackageProperty:
                return new PackageSource(path);
            default:
                if (!path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase))
                {
                    problem($"{where}.jar = \"{path}\": must be a .jar file, e.g. build/libs/shop.jar");
                    return null;
                }

                var version = AppSettings.DefaultJavaVersion;
                if (javaGiven)
                {
                    var text = javaElement.ValueKind is JsonValueKind.Number or JsonValueKind.String ? Unquoted(javaElement) : javaElement.GetRawText();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) || !AppSettings.JavaVersions.Contains(version))
                    {
                        problem($"{where}.javaVersion = {javaElement.GetRawText()}: must be one of {string.Join(", ", AppSettings.JavaVersions)} (the Amazon Corretto LTS versions in Amazon Linux 2023)");
                        return null;
                    }
                }

                return new JarSource(path, version);
        }
    }

    private static AppCommand? ReadCommand(JsonElement element, string property, string where, AppSource? source, Action<string> problem)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return null;
        }

        List<string> words;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.IndexOfAny(['"', '\'', '\\']) >= 0)
            {
                problem($"{where}.{property} = {value.GetRawText()}: quotes and backslashes aren't read as a shell would; write the command as a list of words, e.g. [\"./server\", \"--name\", \"a b\"]");
                return null;
            }

            words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        else if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(word => word.ValueKind is JsonValueKind.String or JsonValueKind.Number))
        {
            words = value.EnumerateArray().Select(Unquoted).ToList();
        }
        else
        {
            problem($"{where}.{property} = {value.GetRawText()}: must be a list of words, e.g. [\"./server\", \"--port-from-env\"], or one line of words separated by spaces");
            return null;
        }

        if (words.Count == 0)
        {
            problem($"{where}.{property} is empty; name the program to run, e.g. [\"./server\"]");
            return null;
        }

        if (words.Count > MaxWords || words.Any(word => word.Length > MaxWordLength || word.Any(char.IsControl)))
        {
            problem($"{where}.{property}: at most {MaxWords} words of up to {MaxWordLength} characters, without control characters (newlines, tabs)");
            return null;
        }

        var command = new AppCommand(words);
        if (command.Program == "java")
        {
            if (source is not JarSource)
            {
                problem($"{where}.{property} starts with java, which only a jar app has (the servers install Amazon Corretto for it); name a file of the package, e.g. ./bin/server");
                return null;
            }
        }
        else if (!PackagePathPattern().IsMatch(command.PackagePath) || command.PackagePath.Split('/').Any(segment => segment is "." or ".."))
        {
            problem($"{where}.{property} = {value.GetRawText()}: its program \"{command.Program}\" must be a file of the package, as a relative path such as ./server or bin/server"
                + (source is JarSource ? ", or java" : "") + " (no absolute path, no . or .. segments)");
            return null;
        }

        return command;
    }

    private static string ReadHttpPath(JsonElement element, string property, string where, string fallback, Action<string> problem)
    {
        var text = ReadText(element, property, where, problem, optional: true);
        if (text is null)
        {
            return fallback;
        }

        if (!HttpPathPattern().IsMatch(text) || text.Contains("//", StringComparison.Ordinal) || text.Split('/').Any(segment => segment is "." or ".."))
        {
            problem($"{where}.{property} = \"{text}\": must be a path such as /healthz: a / then letters, digits and . _ ~ - /, without // or . and .. segments");
            return fallback;
        }

        return text;
    }

    private static string ReadStaticPath(JsonElement element, string where, Action<string> problem)
    {
        var text = ReadText(element, "staticPath", where, problem, optional: true);
        if (text is null)
        {
            return AppSettings.DefaultStaticPath;
        }

        if (!StaticPathPattern().IsMatch(text) || text.Split('/').Any(segment => segment is "." or ".."))
        {
            problem($"{where}.staticPath = \"{text}\": must be a URL path that starts and ends with /, such as /static/ or /assets/ (not / itself: the app would get nothing)");
            return AppSettings.DefaultStaticPath;
        }

        return text;
    }

    private static string? ReadStaticDirectory(JsonElement element, string where, AppSource? source, Action<string> problem)
    {
        var text = ReadText(element, "staticDir", where, problem, optional: true);
        if (text is null)
        {
            if (element.TryGetProperty("staticPath", out _))
            {
                problem($"{where}.staticPath is set but staticDir is not; name the folder nginx serves there, e.g. wwwroot");
            }

            return null;
        }

        var trimmed = text.TrimEnd('/');
        if (!PackagePathPattern().IsMatch(trimmed) || trimmed.Split('/').Any(segment => segment is "." or ".."))
        {
            problem($"{where}.staticDir = \"{text}\": must be a relative folder such as wwwroot or public/assets ({(source is JarSource ? "from the project directory" : "inside the package")}; no absolute path, no . or .. segments)");
            return null;
        }

        return trimmed;
    }

    private static Dictionary<string, string> ReadEnvironment(JsonElement element, string where, Action<string> problem)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("env", out var value))
        {
            return environment;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem($"{where}.env must be a map of NAME: value");
            return environment;
        }

        foreach (var variable in value.EnumerateObject())
        {
            if (!CheckName(variable.Name, $"{where}.env", problem))
            {
                continue;
            }

            if (variable.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                problem($"{where}.env.{variable.Name} must be text (a string, number or true/false)");
                continue;
            }

            var text = Unquoted(variable.Value);
            if (text.Length > MaxValueLength || text.Any(char.IsControl))
            {
                problem($"{where}.env.{variable.Name}: at most {MaxValueLength} characters, without control characters (a value that needs them belongs in secrets)");
                continue;
            }

            environment[variable.Name] = text;
        }

        return environment;
    }

    private static Dictionary<string, string> ReadSecrets(ConfigReader reader, JsonElement element, string where, IReadOnlyDictionary<string, string> environment,
        ISet<string> secretKeys, Action<string> problem)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("secrets", out var value))
        {
            return secrets;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem($"{where}.secrets must be a map of NAME: setting, e.g. STRIPE_API_KEY: stripeApiKey (the value is set with pulumi config set --secret)");
            return secrets;
        }

        foreach (var variable in value.EnumerateObject())
        {
            if (!CheckName(variable.Name, $"{where}.secrets", problem))
            {
                continue;
            }

            if (environment.ContainsKey(variable.Name))
            {
                problem($"{where}.secrets.{variable.Name} is also in {where}.env; a variable is either plain or secret");
                continue;
            }

            if (variable.Value.ValueKind != JsonValueKind.String || !SecretKeyPattern().IsMatch(variable.Value.GetString()!))
            {
                problem($"{where}.secrets.{variable.Name} = {variable.Value.GetRawText()}: must name a setting of the stack (a letter, then letters, digits, - or _), e.g. stripeApiKey");
                continue;
            }

            var setting = variable.Value.GetString()!;
            var fullKey = reader.KeyOf(setting);
            var set = $"pulumi config set --secret {fullKey} <value> --stack {reader.Stack}";
            if (SettingKeys.IsKnown(setting))
            {
                problem($"{where}.secrets.{variable.Name} names {fullKey}, which is one of the stack's own settings; give the secret a name of its own, e.g. {Camel(variable.Name)}");
                continue;
            }

            switch (reader.Raw(fullKey))
            {
                case null:
                    problem($"{where}.secrets.{variable.Name} names {fullKey}, which is not set; set it with: {set}");
                    break;
                case { IsSecret: false }:
                    problem($"{where}.secrets.{variable.Name} names {fullKey}, which is stored in plain text in Pulumi.{reader.Stack}.yaml; store it as a secret: {set}");
                    break;
                default:
                    secrets[variable.Name] = setting;
                    break;
            }

            secretKeys.Add(fullKey);
        }

        return secrets;
    }

    private static bool CheckName(string name, string where, Action<string> problem)
    {
        if (!EnvironmentFile.IsName(name))
        {
            problem($"{where}: \"{name}\" is not a variable name (letters, digits and _, not starting with a digit; at most 128)");
            return false;
        }

        if (AppContract.ReservedNames.Contains(name))
        {
            problem($"{where}.{name} is set by the stack for every app (see What your app gets in the README); choose another name");
            return false;
        }

        return true;
    }

    private static int ReadWhole(JsonElement element, string property, string where, int fallback, int min, int max, Action<string> problem)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            && int.TryParse(Unquoted(value), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problem($"{where}.{property} = {value.GetRawText()}: must be a whole number of seconds from {min} to {max}");
        return fallback;
    }

    private static string? ReadText(JsonElement element, string property, string where, Action<string> problem, bool optional = false)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            if (!optional)
            {
                problem($"{where}.{property} is missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problem($"{where}.{property} = {value.GetRawText()}: must be text");
            return null;
        }

        return value.GetString()!.Trim();
    }

    // Pulumi passes YAML scalars of a structured value through as JSON strings, numbers or booleans.
    private static string Unquoted(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Camel(string name)
    {
        var parts = name.ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "appSecret" : parts[0] + string.Concat(parts.Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
    }
}
