// Names come from the project and the stack, in the characters every AWS service accepts; a name too long for its
// kind is cut and keeps a hash and its part; stack names that cleaning would merge stay apart; and the names resources
// had before the stack-name mark are known, so the program can alias to them.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using WebStack.Core.Naming;

namespace WebStack.Core.Tests.Naming;

public partial class ResourceNamesTests
{
    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex AwsSafeName();

    [Theory]
    [InlineData("webstack", "dev", "webstack-dev")]
    [InlineData("WebStack", "prod", "webstack-prod")]
    [InlineData("web_stack", "prod-eu", "web-stack-prod-eu")]
    [InlineData("my  project", "stack", "my-project-stack")]
    [InlineData("acme/webstack", "dev", "acme-webstack-dev")]
    [InlineData("Prød", "dev", "pr-d-dev")]
    [InlineData("1st", "dev", "s-1st-dev")]
    [InlineData("_web", "dev", "web-dev")]
    [InlineData("9", "9", "s-9-9")]
    public void A_stack_name_of_lower_case_letters_digits_and_single_dashes_is_used_as_written(string project, string stack, string expected)
    {
        var names = new ResourceNames(project, stack);

        Assert.Equal(expected, names.Base);
        Assert.Equal(names.PreviousBase, names.Base);
        Assert.Matches(AwsSafeName(), names.Base);
        Assert.DoesNotContain("--", names.Base);
    }

    [Theory]
    [InlineData("Prod", "webstack-prod")]
    [InlineData("prod_eu", "webstack-prod-eu")]
    [InlineData("prod.eu", "webstack-prod-eu")]
    [InlineData("--stack--", "webstack-stack")]
    [InlineData("_", "webstack")]
    [InlineData("a--b", "webstack-a-b")]
    public void A_stack_name_that_cleaning_changes_gets_a_mark_of_its_own(string stack, string cleaned)
    {
        var names = new ResourceNames("webstack", stack);

        Assert.Equal(cleaned, names.PreviousBase);
        Assert.Matches($"^{Regex.Escape(cleaned)}-[a-z0-9]{{{ResourceNames.StackMarkLength}}}$", names.Base);
        Assert.Matches(AwsSafeName(), names.Base);
        Assert.DoesNotContain("--", names.Base);
        Assert.Equal(names.Base, new ResourceNames("webstack", stack).Base);
    }

    [Fact]
    public void Stack_names_that_clean_to_the_same_text_get_different_names()
    {
        var stacks = new[] { "prod-eu", "prod_eu", "prod.eu", "Prod-EU", "PROD_EU", "prod--eu", "-prod-eu", "prod-eu-" };

        var bases = stacks.Select(stack => new ResourceNames("webstack", stack).Base).ToList();

        Assert.Equal(stacks.Length, bases.Distinct().Count());
        Assert.Equal("webstack-prod-eu", bases[0]);
    }

    [Theory]
    [InlineData("alb", "webstack-dev-alb")]
    [InlineData("App Servers", "webstack-dev-app-servers")]
    [InlineData("db/subnet_group", "webstack-dev-db-subnet-group")]
    [InlineData("public-a", "webstack-dev-public-a")]
    public void A_parts_name_follows_the_base(string part, string expected)
    {
        var name = new ResourceNames("webstack", "dev").Name(NameRules.Vpc, part);

        Assert.Equal(expected, name.Logical);
        Assert.Equal(expected, name.Tag);
        Assert.False(name.IsCut);
    }

    [Fact]
    public void Two_stacks_of_one_project_never_share_a_name()
    {
        var dev = new ResourceNames("webstack", "dev");
        var prod = new ResourceNames("webstack", "prod");

        Assert.NotEqual(dev.Name(NameRules.LoadBalancer, "alb").Logical, prod.Name(NameRules.LoadBalancer, "alb").Logical);
        Assert.NotEqual(dev.Name(NameRules.TargetGroup, "target-group").Logical, prod.Name(NameRules.TargetGroup, "target-group").Logical);
    }

    [Fact]
    public void A_short_enough_name_is_kept_whole_for_every_kind()
    {
        var names = new ResourceNames("webstack", "dev");

        Assert.All(NameRules.All, rule => Assert.Equal("webstack-dev-db", names.Name(rule, "db").Logical));
    }

    public static TheoryData<string, string, int> LongNames => new()
    {
        { "webstack-production-eu-central", "application-load-balancer", 24 },
        { "a-very-long-project-name-indeed-dev", "tg", 24 },
        { "webstack-feature-branch-with-a-long-name-1234", "app-servers-launch-template", 55 },
        { "webstack-pr-12345", "database-subnet-group-for-the-data-tier", 32 },
        { "xylophone-y", new string('p', 300), 247 },
        { "webstack-dev", "abcde-fghijklmnopqrs", 24 },
    };

    [Theory]
    [MemberData(nameof(LongNames))]
    public void A_long_name_is_cut_to_its_room_and_stays_a_valid_unique_name(string nameBase, string part, int room)
    {
        var fitted = ResourceNames.Fit(nameBase, part, room);

        Assert.True(fitted.Length <= room, $"{fitted} ({fitted.Length}) is longer than {room}");
        Assert.Matches(AwsSafeName(), fitted);
        Assert.DoesNotContain("--", fitted);
        Assert.StartsWith(nameBase[..8], fitted, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{4}", fitted);
        Assert.Equal(fitted, ResourceNames.Fit(nameBase, part, room));
    }

    [Fact]
    public void A_cut_name_keeps_its_part_when_there_is_room_for_it()
    {
        var fitted = ResourceNames.Fit("webstack-review-feature-very-long-branch-name-2026-11", "db", 55);

        Assert.Matches("^webstack-review-feature-very-long-branch-name-2-[0-9a-f]{4}-db$", fitted);
        Assert.Equal(55, fitted.Length);
    }

    [Fact]
    public void Long_names_that_differ_only_after_the_cut_stay_distinct()
    {
        var names = new ResourceNames("webstack", "production");

        // A stack's target groups: one per site, all cut to the same first characters.
        var parts = new[] { "default", "blog", "shop", "shop-eu", "wiki", "docs", "api", "admin", "status", "news", "forum", "media" }
            .Select(site => $"target-group-{site}").ToList();
        var fitted = parts.Select(part => names.Name(NameRules.TargetGroup, part).Logical).ToList();

        Assert.All(fitted, name => Assert.True(name.Length <= 24, name));
        Assert.Equal(fitted.Count, fitted.Distinct().Count());
    }

    [Fact]
    public void A_name_exactly_at_its_room_is_kept_and_one_past_it_is_cut()
    {
        var atLimit = "x".PadRight(24 - "webstack-dev-".Length, 'x');

        Assert.Equal($"webstack-dev-{atLimit}", ResourceNames.Fit("webstack-dev", atLimit, 24));
        Assert.NotEqual($"webstack-dev-{atLimit}x", ResourceNames.Fit("webstack-dev", atLimit + "x", 24));
        Assert.True(ResourceNames.Fit("webstack-dev", atLimit + "x", 24).Length <= 24);
    }

    [Fact]
    public void The_name_tag_keeps_the_whole_name_where_the_resource_name_is_cut()
    {
        var names = new ResourceNames("webstack", "review-feature-very-long-branch-name-2026-11");

        var database = names.Name(NameRules.DbInstance, "db");

        Assert.True(database.IsCut);
        Assert.True(database.Logical.Length + NameRule.AutonameSuffixLength <= 63, database.Logical);
        Assert.Equal("webstack-review-feature-very-long-branch-name-2026-11-db", database.Tag);
    }

    // The cut the load balancer, target group, IAM roles, instance profile and bucket had before the rule table: the
    // whole name's first characters, '-' and a hash. Their previous names must be exactly what that made.
    private static string OldBounded(string whole, int limit)
    {
        var room = limit - 8;
        return whole.Length <= room
            ? whole
            : $"{whole[..(room - 5)].TrimEnd('-')}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole)))[..4]}";
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("production-eu-central")]
    [InlineData("review-feature-very-long-branch-name-2026-11")]
    [InlineData("Review_Feature.Long")]
    public void The_previous_names_are_those_the_resources_were_created_with(string stack)
    {
        var names = new ResourceNames("webstack", stack);
        var before = $"webstack-{stack}".ToLowerInvariant().Replace('_', '-').Replace('.', '-');

        Assert.Equal(OldBounded($"{before}-alb", 32), names.Name(NameRules.LoadBalancer, "alb").Previous);
        Assert.Equal(OldBounded($"{before}-web", 32), names.Name(NameRules.TargetGroup, "web").Previous);
        Assert.Equal(OldBounded($"{before}-app-role", 64), names.Name(NameRules.IamRole, "app-role").Previous);
        Assert.Equal(OldBounded($"{before}-app-profile", 128), names.Name(NameRules.InstanceProfile, "app-profile").Previous);
        Assert.Equal(OldBounded($"{before}-packages", 63), names.Name(NameRules.S3Bucket, "packages").Previous);
        Assert.Equal($"{before}-db", names.Name(NameRules.DbInstance, "db").Previous);
        Assert.Equal($"{before}-vpc", names.Name(NameRules.Vpc, "vpc").Previous);
    }

    [Fact]
    public void A_stack_named_as_written_keeps_every_name_it_had_that_fit()
    {
        var names = new ResourceNames("webstack", "prod");

        Assert.All(NameRules.All, rule => Assert.Equal(names.Name(rule, "app-role").Previous, names.Name(rule, "app-role").Logical));
    }
}
