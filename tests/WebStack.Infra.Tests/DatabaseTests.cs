// The database: PostgreSQL, private, encrypted, in the data subnets; prod keeps it (Multi-AZ, deletion protection, a
// final snapshot), dev throws it away; its generated password travels only inside the Secrets Manager secret.
using System.Text.Json;
using WebStack.Core.Database;
using WebStack.Core.Network;
using WebStack.Infra.Components;

namespace WebStack.Infra.Tests;

public sealed class DatabaseTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheDatabaseIsPrivateEncryptedAndInTheDataSubnets(string stack)
    {
        var run = await StackRunner.RunAsync(stack);
        var settings = run.Plan.Settings.Database;

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.Equal(Database.PostgresEngine, instance.Text("engine"));
        Assert.Equal(settings.EngineVersion, instance.Text("engineVersion"));
        Assert.Equal(settings.InstanceClass, instance.Text("instanceClass"));
        Assert.Equal(settings.AllocatedStorageGb, instance.Number("allocatedStorage"));
        Assert.Equal(Database.StorageVolumeType, instance.Text("storageType"));
        Assert.False(instance.Flag("publiclyAccessible"));
        Assert.True(instance.Flag("storageEncrypted"));
        Assert.Equal(DatabaseAccess.DatabaseName, instance.Text("dbName"));
        Assert.Equal(DatabaseAccess.Username, instance.Text("username"));
        Assert.Equal(settings.BackupRetentionDays, instance.Number("backupRetentionPeriod"));
        Assert.Equal(settings.AutoMinorUpgrade, instance.Flag("autoMinorVersionUpgrade"));

        var subnetGroup = run.Single(ResourceTypes.DbSubnetGroup);
        Assert.Equal(MockCloud.PhysicalNameOf(subnetGroup), instance.Text("dbSubnetGroupName"));
        Assert.Equal(run.SubnetIdsIn(SubnetTier.Data), subnetGroup.Texts("subnetIds"));
    }

    [Fact]
    public async Task AMinorVersionIsPinnedOnlyWithAutomaticMinorUpgradesOff()
    {
        var pinned = await StackRunner.RunAsync("prod", new Dictionary<string, string> { ["dbEngineVersion"] = "17.4", ["dbAutoMinorUpgrade"] = "false" });
        var instance = pinned.Single(ResourceTypes.DbInstance);
        Assert.Equal(("17.4", false), (instance.Text("engineVersion"), instance.Flag("autoMinorVersionUpgrade")));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StackRunner.RunAsync("prod", new Dictionary<string, string> { ["dbEngineVersion"] = "17.4" }));
        Assert.Contains("dbEngineVersion = 17.4 with dbAutoMinorUpgrade on", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevThrowsTheDatabaseAway()
    {
        var run = await StackRunner.RunAsync("dev");

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.False(instance.Flag("multiAz"));
        Assert.False(instance.Flag("deletionProtection"));
        Assert.True(instance.Flag("skipFinalSnapshot"));
        Assert.False(instance.Has("finalSnapshotIdentifier"));
        Assert.Equal(0, run.Single(ResourceTypes.Secret).Number("recoveryWindowInDays"));
    }

    [Fact]
    public async Task ProdKeepsTheDatabaseAcrossZonesAndPastADestroy()
    {
        var run = await StackRunner.RunAsync("prod");

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.True(instance.Flag("multiAz"));
        Assert.True(instance.Flag("deletionProtection"));
        Assert.False(instance.Flag("skipFinalSnapshot"));
        Assert.StartsWith(run.Plan.Names.FinalSnapshot.Logical + "-", instance.Text("finalSnapshotIdentifier"), StringComparison.Ordinal);
        Assert.Equal(30, run.Single(ResourceTypes.Secret).Number("recoveryWindowInDays"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task TheGeneratedPasswordGoesIntoTheDatabaseAndItsSecretOnly(string stack)
    {
        var run = await StackRunner.RunAsync(stack);

        var password = run.Single(ResourceTypes.RandomPassword);
        Assert.Equal(DatabaseAccess.PasswordLength, password.Number("length"));
        Assert.True(password.Flag("special"));
        Assert.Equal(DatabaseAccess.PasswordSpecialCharacters, password.Text("overrideSpecial"));

        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.Equal(MockCloud.DatabasePassword, instance.Text("password"));

        var version = run.Single(ResourceTypes.SecretVersion);
        Assert.Equal(MockCloud.IdOf(run.Single(ResourceTypes.Secret).Name!), version.Text("secretId"));
        using var secret = JsonDocument.Parse(version.Text("secretString"));
        var fields = secret.RootElement;
        Assert.Equal(MockCloud.DatabaseAddressFor(MockCloud.AutonameFor(instance.Name!)), fields.GetProperty("host").GetString());
        Assert.Equal(MockCloud.PostgresPort, fields.GetProperty("port").GetInt32());
        Assert.Equal(DatabaseAccess.DatabaseName, fields.GetProperty("dbname").GetString());
        Assert.Equal(DatabaseAccess.Username, fields.GetProperty("username").GetString());
        Assert.Equal(MockCloud.DatabasePassword, fields.GetProperty("password").GetString());

        Assert.Equal(MockCloud.SecretArnFor(run.Single(ResourceTypes.Secret).Name!), await run.Stack.DatabaseSecretArn.GetValueAsync());
    }

    [Theory]
    [InlineData("17", null, "postgres17", "rds-ca-rsa2048-g1")]
    [InlineData("16.4", "rds-ca-ecc384-g1", "postgres16", "rds-ca-ecc384-g1")]
    public async Task TheDatabaseForcesTlsAndNamesItsCertificateAuthority(string version, string? authority, string family, string expected)
    {
        var settings = new Dictionary<string, string> { ["dbEngineVersion"] = version };
        if (version.Contains('.', StringComparison.Ordinal))
        {
            settings["dbAutoMinorUpgrade"] = "false";
        }

        if (authority is not null)
        {
            settings["dbCaCertificate"] = authority;
        }

        var run = await StackRunner.RunAsync("dev", settings);

        var parameters = run.Single(ResourceTypes.DbParameterGroup);
        Assert.Equal(family, parameters.Text("family"));
        var forced = Assert.Single(parameters.Maps("parameters"));
        Assert.Equal(DatabaseAccess.ForceSslParameter, forced.Text("name"));
        Assert.Equal("1", forced.Text("value"));
        Assert.Equal("immediate", forced.Text("applyMethod"));
        var instance = run.Single(ResourceTypes.DbInstance);
        Assert.Equal(MockCloud.PhysicalNameOf(parameters), instance.Text("parameterGroupName"));
        Assert.Equal(expected, instance.Text("caCertIdentifier"));
    }
}
