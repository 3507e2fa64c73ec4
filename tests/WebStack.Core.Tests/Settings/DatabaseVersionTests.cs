// The database's engine version against RDS's automatic minor upgrades: a pinned minor that RDS would move past is
// refused at plan, saying both ways out; a major follows RDS's minors; a minor can be pinned with upgrades off.
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Settings;

public sealed class DatabaseVersionTests
{
    [Theory]
    [InlineData("17.4", "17")]
    [InlineData("16.10", "16")]
    public void A_minor_version_with_automatic_minor_upgrades_is_refused_saying_which_to_choose(string version, string major)
    {
        var refused = Config.AssertRefused(Config.Read(("dbEngineVersion", version)), "dbEngineVersion", $"dbEngineVersion = {version} with dbAutoMinorUpgrade on");

        Assert.Contains($"Set dbEngineVersion to {major} (minors follow RDS)", refused.Message);
        Assert.Contains($"set dbAutoMinorUpgrade to false to stay on {version}", refused.Message);
    }

    [Theory]
    [InlineData("16.4")]
    [InlineData("17.10")]
    public void A_minor_version_is_kept_with_automatic_minor_upgrades_off(string version)
    {
        var database = Config.Valid(("dbEngineVersion", version), ("dbAutoMinorUpgrade", "false")).Database;

        Assert.Equal((version, false), (database.EngineVersion, database.AutoMinorUpgrade));
    }

    [Fact]
    public void A_major_version_follows_the_minors_rds_applies()
    {
        var database = Config.Valid(("dbEngineVersion", "17")).Database;

        Assert.Equal(("17", true), (database.EngineVersion, database.AutoMinorUpgrade));
    }
}
