// Which release each launch template version carries (its description), and webstack:rollbackTo, which holds the
// servers on one of them.
using WebStack.Core.Deployment;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Deployment;

public sealed class ReleaseHistoryTests
{
    [Fact]
    public void A_description_names_every_sites_release_the_default_site_first_and_reads_back()
    {
        var description = ReleaseHistory.Description("webstack-prod app server", new Dictionary<string, string> { ["shop"] = "0b7d2e3f9a1c", ["default"] = "3f9a1c0b7d2e" });

        Assert.Equal("webstack-prod app server; releases: default=3f9a1c0b7d2e shop=0b7d2e3f9a1c", description);
        Assert.Equal(new Dictionary<string, string> { ["default"] = "3f9a1c0b7d2e", ["shop"] = "0b7d2e3f9a1c" }, ReleaseHistory.ReleasesOf(description));
    }

    [Fact]
    public void A_long_description_is_cut_to_what_EC2_takes_and_keeps_the_default_sites_release()
    {
        var releases = Enumerable.Range(0, 20).ToDictionary(index => $"site-number-{index}", _ => "0b7d2e3f9a1c");
        releases["default"] = "3f9a1c0b7d2e";

        var description = ReleaseHistory.Description("webstack-prod app server", releases);

        Assert.Equal(255, description.Length);
        Assert.Equal("3f9a1c0b7d2e", ReleaseHistory.ReleasesOf(description)["default"]);
    }

    [Fact]
    public void The_versions_are_read_newest_first_and_a_release_is_found_in_its_newest_version()
    {
        var versions = ReleaseHistory.Parse("""
            {"LaunchTemplateVersions": [
              {"VersionNumber": 2, "VersionDescription": "x; releases: default=aaaaaaaaaaaa"},
              {"VersionNumber": 4, "VersionDescription": "x; releases: default=bbbbbbbbbbbb"},
              {"VersionNumber": 3, "VersionDescription": "x; releases: default=aaaaaaaaaaaa"},
              {"VersionNumber": 1, "VersionDescription": "made before versions named their releases"},
              {"VersionNumber": 5}]}
            """);

        Assert.Equal([5, 4, 3, 2, 1], versions.Select(version => version.Number));
        Assert.Equal(3, ReleaseHistory.Find(versions, "aaaaaaaaaaaa")!.Number);
        Assert.Null(ReleaseHistory.Find(versions, "cccccccccccc"));
        Assert.Equal(["bbbbbbbbbbbb", "aaaaaaaaaaaa"], ReleaseHistory.Known(versions));
        Assert.Equal("bbbbbbbbbbbb", ReleaseHistory.ReleaseOf(versions, "4"));
        Assert.Equal("unknown", ReleaseHistory.ReleaseOf(versions, "1"));
        Assert.Equal("unknown", ReleaseHistory.ReleaseOf(versions, null));
    }

    [Fact]
    public void RollbackTo_names_a_release_and_warns_that_it_holds_the_servers()
    {
        var result = Config.Read(("rollbackTo", "3f9a1c0b7d2e"));

        Assert.Equal("3f9a1c0b7d2e", Config.AssertValid(result).RollbackTo);
        var warning = Assert.Single(result.Warnings, warning => warning.Key == "rollbackTo");
        Assert.Contains("pulumi config rm webstack:rollbackTo", warning.Message);
        Assert.Null(Config.Valid().RollbackTo);
        Assert.Equal("(none: the build's release)", Config.Effective(Config.Read(), "rollbackTo").Display);
    }

    [Theory]
    [InlineData("previous")]
    [InlineData("3F9A1C0B7D2E")]
    [InlineData("3f9a1c0b7d2e0b7d")]
    public void RollbackTo_anything_but_a_release_name_is_refused(string value)
    {
        Config.AssertRefused(Config.Read(("rollbackTo", value)), "rollbackTo", "must be a release such as 3f9a1c0b7d2e");
    }
}
