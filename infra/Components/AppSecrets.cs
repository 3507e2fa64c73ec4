// The apps' own secrets: for each site whose app names secrets, one Secrets Manager secret holding them as JSON
// (variable name to value), its values the stack's secret settings (`pulumi config set --secret`). They reach the
// servers only through Secrets Manager, read by the user data into a root-only env file: never through user data,
// the launch template or an output, and the values stay secret in Pulumi's state.
using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Naming;
using WebStack.Core.Servers;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

internal sealed record AppSecretsArgs(StackPlan Plan);

internal sealed class AppSecrets : ComponentResource
{
    public const string TypeToken = "webstack:app:AppSecrets";

    public AppSecrets(string name, AppSecretsArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var config = new Config();
        var arns = new Dictionary<string, Output<string>>(StringComparer.Ordinal);
        var versions = new List<Resource>();
        foreach (var site in StackNames.SecretOwners(plan.Settings).Select(owner => plan.Server.Sites.Single(site => site.Name == owner)))
        {
            var secretName = names.AppSecrets(site.Name);
            var secret = new Aws.SecretsManager.Secret(secretName.Logical, new Aws.SecretsManager.SecretArgs
            {
                Description = $"{names.Base}: the secrets of the {site.Name} app ({string.Join(", ", site.App.Secrets.Keys.Order(StringComparer.Ordinal))})",
                RecoveryWindowInDays = plan.Lifecycle.SecretRecoveryWindowDays,
                Tags = Tagging.For(plan, secretName),
            }, Child());
            versions.Add(new Aws.SecretsManager.SecretVersion(names.AppSecretsValue(site.Name).Logical, new Aws.SecretsManager.SecretVersionArgs
            {
                SecretId = secret.Id,
                SecretString = Json(site, config),
            }, Child()));
            arns[site.Name] = secret.Arn;
        }

        SecretArns = arns.Count == 0
            ? Output.Create(ImmutableDictionary<string, string>.Empty)
            : Output.All(arns.Select(pair => pair.Value.Apply(arn => KeyValuePair.Create(pair.Key, arn))))
                .Apply(pairs => pairs.ToImmutableDictionary(StringComparer.Ordinal));
        Values = versions;
        RegisterOutputs(new Dictionary<string, object?> { ["secretArns"] = SecretArns });
    }

    /// <summary>The secret of each site that has secrets, by site name.</summary>
    public Output<ImmutableDictionary<string, string>> SecretArns { get; }

    /// <summary>The secrets' values; a server reads them at boot, so it waits for them.</summary>
    public IReadOnlyList<Resource> Values { get; }

    // The JSON of a site's secrets, secret in Pulumi's state: each variable from the secret setting it names.
    private static Output<string> Json(AppSite site, Config config)
    {
        var values = site.App.Secrets.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => config.RequireSecret(pair.Value).Apply(value => KeyValuePair.Create(pair.Key, value)));
        return Output.All(values).Apply(pairs => Output.CreateSecret(JsonSerializer.Serialize(pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal))));
    }

    private CustomResourceOptions Child() => new() { Parent = this };
}
