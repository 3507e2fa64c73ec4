// "Did you mean …?": the closest known key when a typo is close enough, nothing when the word is unrelated.
using WebStack.Core.Settings;

namespace WebStack.Core.Tests.Settings;

public class KeySuggestionTests
{
    private static readonly IEnumerable<string> Known = SettingKeys.All.Select(key => key.Name);

    [Theory]
    [InlineData("MINSIZE", "minSize")]
    [InlineData("minSzie", "minSize")]
    [InlineData("maxsize", "maxSize")]
    [InlineData("vpcCdir", "vpcCidr")]
    [InlineData("flowLog", "flowLogs")]
    [InlineData("certificateArm", "certificateArn")]
    [InlineData("dbEngineVersoin", "dbEngineVersion")]
    [InlineData("healthCheckIntervalSecond", "healthCheckIntervalSeconds")]
    public void A_slip_of_case_a_swap_or_a_missing_letter_finds_the_key(string typed, string expected)
    {
        Assert.Equal(expected, KeySuggestion.Closest(typed, Known));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("serverFarm")]
    [InlineData("replicas")]
    [InlineData("dbEngineVer")]
    public void A_word_further_than_a_third_of_its_length_from_every_key_finds_nothing(string typed)
    {
        Assert.Null(KeySuggestion.Closest(typed, Known));
    }

    [Fact]
    public void Nothing_is_suggested_from_an_empty_list()
    {
        Assert.Null(KeySuggestion.Closest("minSize", []));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void Distance_counts_insertions_deletions_substitutions_and_adjacent_swaps(string a, string b, int distance)
    {
        Assert.Equal(distance, KeySuggestion.Distance(a, b));
        Assert.Equal(distance, KeySuggestion.Distance(b, a));
    }
}
