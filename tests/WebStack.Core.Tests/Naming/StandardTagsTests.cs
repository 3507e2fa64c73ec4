// Every resource carries who owns it; the user's own tags come along but can't replace the standard ones.
using WebStack.Core.Naming;
using WebStack.Core.Settings;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Naming;

public class StandardTagsTests
{
    [Fact]
    public void Every_resource_is_tagged_with_its_name_project_stack_environment_and_tool()
    {
        var settings = Config.ValidStack("prod-eu");

        var tags = StandardTags.For(settings, "webstack-prod-eu-alb");

        Assert.Equal(
            ["Environment=prod", "ManagedBy=pulumi", "Name=webstack-prod-eu-alb", "Project=webstack", "Stack=prod-eu"],
            tags.Select(tag => $"{tag.Key}={tag.Value}"));
    }

    [Fact]
    public void The_users_tags_are_added_to_the_standard_ones()
    {
        var settings = Config.Valid(("tags", "{\"CostCenter\": \"1234\", \"Team\": \"web\"}"));

        var tags = StandardTags.For(settings, "webstack-dev-vpc");

        Assert.Equal("1234", tags["CostCenter"]);
        Assert.Equal("web", tags["Team"]);
        Assert.Equal("dev", tags["Environment"]);
        Assert.Equal(7, tags.Count);
    }

    [Fact]
    public void The_standard_tags_win_over_user_tags_of_the_same_name()
    {
        var settings = Config.Valid() with
        {
            Tags = new Dictionary<string, string> { ["Name"] = "mine", ["Environment"] = "qa", ["ManagedBy"] = "hand", ["Owner"] = "me" },
        };

        var tags = StandardTags.For(settings, "webstack-dev-db");

        Assert.Equal("webstack-dev-db", tags["Name"]);
        Assert.Equal("dev", tags["Environment"]);
        Assert.Equal("pulumi", tags["ManagedBy"]);
        Assert.Equal("me", tags["Owner"]);
    }

    [Fact]
    public void The_environment_tag_is_the_profile_not_the_stack_name()
    {
        var tags = StandardTags.For(Config.ValidStack("staging", ("profile", "prod")), "n");

        Assert.Equal("prod", tags["Environment"]);
        Assert.Equal("staging", tags["Stack"]);
    }

    [Fact]
    public void The_standard_tag_names_are_the_ones_users_are_told_they_cant_use()
    {
        Assert.Equal(["Name", "Project", "Stack", "Environment", "ManagedBy"], StandardTags.Names);
        Assert.Equal(StandardTags.Names.Order(), StandardTags.For(Config.Valid(), "n").Keys.Order());
    }
}
