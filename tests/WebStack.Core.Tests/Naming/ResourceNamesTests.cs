// Names come from the project and the stack, in the characters every AWS service accepts, and fit AWS's limits
// even after Pulumi adds its random suffix.
using System.Text.RegularExpressions;
using WebStack.Core.Naming;

namespace WebStack.Core.Tests.Naming;

public partial class ResourceNamesTests
{
    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex AwsSafeName();

    [Theory]
    [InlineData("webstack", "dev", "webstack-dev")]
    [InlineData("WebStack", "Prod", "webstack-prod")]
    [InlineData("web_stack", "prod.eu", "web-stack-prod-eu")]
    [InlineData("my  project", "--stack--", "my-project-stack")]
    [InlineData("acme/webstack", "dev", "acme-webstack-dev")]
    [InlineData("Prød", "dev", "pr-d-dev")]
    [InlineData("1st", "dev", "s-1st-dev")]
    [InlineData("_web", "dev", "web-dev")]
    [InlineData("9", "9", "s-9-9")]
    public void The_base_name_is_project_and_stack_in_lower_case_letters_digits_and_dashes(string project, string stack, string expected)
    {
        var names = new ResourceNames(project, stack);

        Assert.Equal(expected, names.Base);
        Assert.Matches(AwsSafeName(), names.Base);
        Assert.DoesNotContain("--", names.Base);
    }

    [Theory]
    [InlineData("alb", "webstack-dev-alb")]
    [InlineData("App Servers", "webstack-dev-app-servers")]
    [InlineData("db/subnet_group", "webstack-dev-db-subnet-group")]
    [InlineData("public-a", "webstack-dev-public-a")]
    public void A_parts_name_follows_the_base(string part, string expected)
    {
        Assert.Equal(expected, new ResourceNames("webstack", "dev").Of(part));
    }

    [Fact]
    public void Two_stacks_of_one_project_never_share_a_name()
    {
        var dev = new ResourceNames("webstack", "dev");
        var prod = new ResourceNames("webstack", "prod");

        Assert.NotEqual(dev.Of("alb"), prod.Of("alb"));
        Assert.NotEqual(dev.Bounded("target-group", 32), prod.Bounded("target-group", 32));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(255)]
    public void A_short_enough_name_is_kept_whole(int limit)
    {
        var names = new ResourceNames("webstack", "dev");

        Assert.Equal("webstack-dev-alb", names.Bounded("alb", limit));
    }

    public static TheoryData<string, string, string, int> LongNames => new()
    {
        { "webstack", "production-eu-central", "application-load-balancer", 32 },
        { "a-very-long-project-name-indeed", "dev", "tg", 32 },
        { "webstack", "feature-branch-with-a-long-name-1234", "app-servers-launch-template", 63 },
        { "webstack", "pr-12345", "database-subnet-group-for-the-data-tier", 40 },
        { "x", "y", new string('p', 300), 255 },
        { "webstack", "dev", "abcde-fghijklmnopqrs", 32 },
    };

    [Theory]
    [MemberData(nameof(LongNames))]
    public void A_long_name_is_cut_to_leave_room_for_pulumis_suffix_and_stays_a_valid_name(string project, string stack, string part, int limit)
    {
        var names = new ResourceNames(project, stack);

        var bounded = names.Bounded(part, limit);

        Assert.True(bounded.Length + ResourceNames.AutoNameSuffixLength <= limit, $"{bounded} ({bounded.Length}) + 8 exceeds {limit}");
        Assert.Matches(AwsSafeName(), bounded);
        Assert.DoesNotContain("--", bounded);
        Assert.StartsWith(names.Of(part)[..Math.Min(10, limit - 13)], bounded);
        Assert.Matches("-[0-9a-f]{4}$", bounded);
        Assert.Equal(bounded, names.Bounded(part, limit));
    }

    [Fact]
    public void Long_names_that_differ_only_after_the_cut_stay_distinct()
    {
        var names = new ResourceNames("webstack", "production");

        // A stack's target groups: one per site, all cut to the same first 19 characters.
        var parts = new[] { "default", "blog", "shop", "shop-eu", "wiki", "docs", "api", "admin", "status", "news", "forum", "media" }
            .Select(site => $"target-group-{site}").ToList();
        var bounded = parts.Select(part => names.Bounded(part, 32)).ToList();

        Assert.All(bounded, name => Assert.True(name.Length <= 24, name));
        Assert.Equal(bounded.Count, bounded.Distinct().Count());
    }

    [Fact]
    public void A_name_exactly_at_the_limit_is_kept_and_one_past_it_is_cut()
    {
        var names = new ResourceNames("webstack", "dev");
        var atLimit = "x".PadRight(24 - "webstack-dev-".Length, 'x');

        Assert.Equal($"webstack-dev-{atLimit}", names.Bounded(atLimit, 32));
        Assert.NotEqual($"webstack-dev-{atLimit}x", names.Bounded(atLimit + "x", 32));
        Assert.Equal(24, names.Bounded(atLimit + "x", 32).Length);
    }
}
