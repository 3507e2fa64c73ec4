// Reading the inputs a resource was registered with, as the mock engine deserialises them: text, numbers (as
// double), booleans, lists and maps.
using System.Globalization;
using System.Text;
using Pulumi.Testing;

namespace WebStack.Infra.Tests;

internal static class ResourceInputs
{
    public static object? Input(this MockResourceArgs resource, string key) =>
        resource.Inputs.TryGetValue(key, out var value) ? value : null;

    public static bool Has(this MockResourceArgs resource, string key) => resource.Inputs.ContainsKey(key);

    public static string Text(this MockResourceArgs resource, string key) =>
        resource.Input(key) as string ?? throw Missing(resource, key, "text");

    public static int Number(this MockResourceArgs resource, string key) =>
        ToInt(resource.Input(key)) ?? throw Missing(resource, key, "a number");

    public static bool Flag(this MockResourceArgs resource, string key) =>
        resource.Input(key) is bool flag ? flag : throw Missing(resource, key, "true or false");

    public static IReadOnlyDictionary<string, object> Map(this MockResourceArgs resource, string key) =>
        resource.Input(key) as IReadOnlyDictionary<string, object> ?? throw Missing(resource, key, "a map");

    public static IReadOnlyList<object> List(this MockResourceArgs resource, string key) =>
        resource.Input(key) is IEnumerable<object> items ? items.ToList() : [];

    public static IReadOnlyList<string> Texts(this MockResourceArgs resource, string key) =>
        resource.List(key).Select(item => item as string ?? throw Missing(resource, key, "a list of text")).ToList();

    public static IReadOnlyDictionary<string, string> Tags(this MockResourceArgs resource) =>
        resource.Input("tags") is IReadOnlyDictionary<string, object> tags
            ? tags.ToDictionary(tag => tag.Key, tag => tag.Value as string ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static object? Get(this IReadOnlyDictionary<string, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value : null;

    public static string Text(this IReadOnlyDictionary<string, object> map, string key) =>
        map.Get(key) as string ?? throw new InvalidOperationException($"no text {key} in {Describe(map)}");

    public static int Number(this IReadOnlyDictionary<string, object> map, string key) =>
        ToInt(map.Get(key)) ?? throw new InvalidOperationException($"no number {key} in {Describe(map)}");

    public static bool Flag(this IReadOnlyDictionary<string, object> map, string key) =>
        map.Get(key) is bool flag ? flag : throw new InvalidOperationException($"no true or false {key} in {Describe(map)}");

    public static IReadOnlyDictionary<string, object> Map(this IReadOnlyDictionary<string, object> map, string key) =>
        map.Get(key) as IReadOnlyDictionary<string, object> ?? throw new InvalidOperationException($"no map {key} in {Describe(map)}");

    public static IReadOnlyList<IReadOnlyDictionary<string, object>> Maps(this MockResourceArgs resource, string key) =>
        resource.List(key).Select(item => item as IReadOnlyDictionary<string, object> ?? throw Missing(resource, key, "a list of maps")).ToList();

    /// <summary>Everything the resource was given, flattened to text: for looking for values that must not be there.</summary>
    public static string AllInputText(this MockResourceArgs resource)
    {
        var text = new StringBuilder();
        void Append(object? value)
        {
            switch (value)
            {
                case null:
                    break;
                case string item:
                    text.Append(item).Append('\n');
                    break;
                case IReadOnlyDictionary<string, object> map:
                    foreach (var (key, item) in map)
                    {
                        text.Append(key).Append('\n');
                        Append(item);
                    }

                    break;
                case IEnumerable<object> items:
                    foreach (var item in items)
                    {
                        Append(item);
                    }

                    break;
                default:
                    text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                    break;
            }
        }

        foreach (var (key, value) in resource.Inputs)
        {
            text.Append(key).Append('\n');
            Append(value);
        }

        return text.ToString();
    }

    private static int? ToInt(object? value) => value switch
    {
        double number => (int)number,
        int number => number,
        long number => (int)number,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static InvalidOperationException Missing(MockResourceArgs resource, string key, string what) =>
        new($"{resource.Type} {resource.Name}: input {key} is not {what} (it is {resource.Input(key) ?? "unset"})");

    private static string Describe(IReadOnlyDictionary<string, object> map) => "{" + string.Join(", ", map.Keys) + "}";
}

internal static class OutputValues
{
    /// <summary>The value of an output once the run has resolved it.</summary>
    public static Task<T> GetValueAsync<T>(this Pulumi.Output<T> output)
    {
        var value = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = output.Apply(resolved =>
        {
            value.TrySetResult(resolved);
            return resolved;
        });
        return value.Task;
    }
}
