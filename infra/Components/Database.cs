// The database: RDS PostgreSQL in the isolated data subnets, encrypted, never publicly accessible, behind the
// database tier's security group (which only the app tier may reach). It refuses connections without TLS (its
// parameter group forces it), and its certificate comes from the RDS authority named in the settings, whose
// region's roots the servers verify it against. Its master password is generated here and goes
// to the servers only through a Secrets Manager secret they may read: never through user data or a stack output.
using System.Collections.Immutable;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Database;
using WebStack.Core.Naming;
using Aws = Pulumi.Aws;
using PulumiRandom = Pulumi.Random;

namespace WebStack.Infra.Components;

public sealed record DatabaseArgs(StackPlan Plan, Output<ImmutableArray<string>> DataSubnetIds, Output<string> SecurityGroupId);

public sealed class Database : ComponentResource
{
    public const string TypeToken = "webstack:database:Database";

    public const string PostgresEngine = "postgres";

    public const string StorageVolumeType = "gp3";

    public Database(string name, DatabaseArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var settings = plan.Settings;
        var database = settings.Database;

        var password = new PulumiRandom.RandomPassword(names.DatabasePassword.Logical, new PulumiRandom.RandomPasswordArgs
        {
            Length = DatabaseAccess.PasswordLength,
            Special = true,
            OverrideSpecial = DatabaseAccess.PasswordSpecialCharacters,
            MinUpper = 1,
            MinLower = 1,
            MinNumeric = 1,
            MinSpecial = 1,
        }, Child());

        var subnetGroupName = names.DatabaseSubnetGroup;
        SubnetGroup = new Aws.Rds.SubnetGroup(subnetGroupName.Logical, new Aws.Rds.SubnetGroupArgs
        {
            Description = $"{names.Base} data subnets: no route out of the VPC",
            SubnetIds = args.DataSubnetIds,
            Tags = Tagging.For(plan, subnetGroupName),
        }, Child());

        var parameterGroupName = names.DatabaseParameterGroup;
        ParameterGroup = new Aws.Rds.ParameterGroup(parameterGroupName.Logical, new Aws.Rds.ParameterGroupArgs
        {
            Family = DatabaseAccess.ParameterGroupFamily(database.EngineVersion),
            Description = $"{names.Base}: PostgreSQL that refuses connections without TLS",
            Parameters =
            {
                // Dynamic: applies without a reboot. (PostgreSQL 15 and later default to 1 on RDS; stated, not assumed.)
                new Aws.Rds.Inputs.ParameterGroupParameterArgs { Name = DatabaseAccess.ForceSslParameter, Value = "1", ApplyMethod = "immediate" },
            },
            Tags = Tagging.For(plan, parameterGroupName),
        }, Child());

        // Autonamed from a logical name fitted to 63 characters with the suffix (not set as `Identifier`): existing
        // databases keep their identifiers, and a replacement can still be created before the old one is deleted.
        var instanceName = names.Database;
        var instanceArgs = new Aws.Rds.InstanceArgs
        {
            Engine = PostgresEngine,
            EngineVersion = database.EngineVersion,
            InstanceClass = database.InstanceClass,
            AllocatedStorage = database.AllocatedStorageGb,
            StorageType = StorageVolumeType,
            StorageEncrypted = true,
            PubliclyAccessible = false,
            DbSubnetGroupName = SubnetGroup.Name,
            ParameterGroupName = ParameterGroup.Name,
            // Named rather than left to the account's default, so the servers' trusted roots and the instance agree.
            CaCertIdentifier = settings.Tls.DatabaseCaIdentifier,
            VpcSecurityGroupIds = { args.SecurityGroupId },
            DbName = DatabaseAccess.DatabaseName,
            Username = DatabaseAccess.Username,
            Password = password.Result,
            MultiAz = database.MultiAz,
            BackupRetentionPeriod = database.BackupRetentionDays,
            DeletionProtection = database.DeletionProtection,
            SkipFinalSnapshot = !database.FinalSnapshot,
            CopyTagsToSnapshot = true,
            AutoMinorVersionUpgrade = database.AutoMinorUpgrade,
            // IAM authentication on (RDS.10): the app still signs in with the generated password; an operator may use
            // a short-lived IAM token instead (rds generate-db-auth-token).
            IamDatabaseAuthenticationEnabled = true,
            // Outside prod a change waits for nobody; in prod it waits for the maintenance window.
            ApplyImmediately = plan.Lifecycle.ApplyDatabaseChangesImmediately,
            Tags = Tagging.For(plan, instanceName),
        };
        if (database.FinalSnapshot)
        {
            // Unique per stack lifetime, so destroying a re-created stack doesn't collide with an earlier snapshot.
            var suffix = new PulumiRandom.RandomString(names.FinalSnapshotSuffix.Logical, new PulumiRandom.RandomStringArgs
            {
                // The rule's suffix is '-' and these characters.
                Length = NameRules.DbFinalSnapshot.ProgramSuffixLength - 1,
                Special = false,
                Upper = false,
            }, Child());
            instanceArgs.FinalSnapshotIdentifier = suffix.Result.Apply(value => $"{names.FinalSnapshot.Logical}-{value}");
        }

        Instance = new Aws.Rds.Instance(instanceName.Logical, instanceArgs, Child());

        var secretName = names.DatabaseSecret;
        Secret = new Aws.SecretsManager.Secret(secretName.Logical, new Aws.SecretsManager.SecretArgs
        {
            Description = $"{names.Base}: PostgreSQL host, port, database, user and password for the app servers",
            // Outside prod the secret goes at once with the stack; in prod it can be restored for 30 days.
            RecoveryWindowInDays = plan.Lifecycle.SecretRecoveryWindowDays,
            Tags = Tagging.For(plan, secretName),
        }, Child());

        var secretString = Output.Tuple(Instance.Address, Instance.Port, password.Result)
            .Apply(parts => Output.CreateSecret(DatabaseAccess.SecretJson(parts.Item1, parts.Item2, parts.Item3)));
        SecretVersion = new Aws.SecretsManager.SecretVersion(names.DatabaseSecretValue.Logical, new Aws.SecretsManager.SecretVersionArgs
        {
            SecretId = Secret.Id,
            SecretString = secretString,
        }, Child());

        Endpoint = Instance.Endpoint;
        SecretArn = Secret.Arn;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["endpoint"] = Endpoint,
            ["secretArn"] = SecretArn,
        });
    }

    public Aws.Rds.SubnetGroup SubnetGroup { get; }

    public Aws.Rds.ParameterGroup ParameterGroup { get; }

    public Aws.Rds.Instance Instance { get; }

    public Aws.SecretsManager.Secret Secret { get; }

    /// <summary>The secret's value; the servers read it at boot, so they wait for it.</summary>
    public Aws.SecretsManager.SecretVersion SecretVersion { get; }

    /// <summary>host:port of the database, for people (the servers take it from the secret).</summary>
    public Output<string> Endpoint { get; }

    public Output<string> SecretArn { get; }

    private CustomResourceOptions Child() => new() { Parent = this };
}
