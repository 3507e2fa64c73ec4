// The price table the estimate trusts: the shipped one loads, covers the profiles' defaults in both documented
// regions, and a malformed one is refused with every bad row named.
using WebStack.Core.Cost;
using WebStack.Core.Settings;

namespace WebStack.Core.Tests.Cost;

public class PriceTableLoaderTests
{
    private const string Sources = """
        "sources": { "s": { "url": "https://aws.amazon.com/ec2/pricing/on-demand/", "via": "a test" } }
        """;

    private static string Table(string prices, string compiled = "2026-11-29") =>
        $$"""{ "compiled": "{{compiled}}", "currency": "USD", {{Sources}}, "prices": [ {{prices}} ] }""";

    [Fact]
    public void The_shipped_table_is_dated_and_every_price_names_its_source()
    {
        var table = PriceTableLoader.Embedded;

        Assert.Equal(new DateOnly(2026, 11, 29), table.Compiled);
        Assert.Equal("USD", table.Currency);
        Assert.Equal(["ap-northeast-2", "us-east-1"], table.Regions);
        Assert.All(table.Prices, price => Assert.StartsWith("https://", price.Source.Url));
    }

    public static TheoryData<string, string> DefaultsInRegions => new()
    {
        { "us-east-1", "dev" }, { "us-east-1", "prod" }, { "ap-northeast-2", "dev" }, { "ap-northeast-2", "prod" },
    };

    [Theory]
    [MemberData(nameof(DefaultsInRegions))]
    public void Every_instance_type_and_class_a_profile_defaults_to_has_a_price(string region, string profile)
    {
        var defaults = ProfileDefaults.For(profile == "prod" ? Profile.Prod : Profile.Dev);
        var table = PriceTableLoader.Embedded;

        Assert.NotNull(table.Find(region, PriceItems.Ec2(defaults.Fleet.InstanceType)));
        Assert.NotNull(table.Find(region, PriceItems.Rds(defaults.Database.InstanceClass)));
        Assert.NotNull(table.Find(region, PriceItems.RdsMultiAzFactor));
    }

    [Fact]
    public void A_well_formed_table_loads_with_its_figures()
    {
        var table = PriceTableLoader.Parse(Table("""{ "region": "eu-west-1", "item": "ec2:t3.small", "usd": 0.0228, "source": "s" }"""), "test.json");

        var price = Assert.Single(table.Prices);
        Assert.Equal(0.0228m, price.Usd);
        Assert.Equal("h", price.Item.Unit);
        Assert.Equal("a test", price.Source.Via);
    }

    [Fact]
    public void A_malformed_table_is_refused_naming_every_bad_row()
    {
        var json = Table("""
            { "region": "us-east-1", "item": "ec2:t3.small", "usd": 0.0208, "source": "s" },
            { "region": "us-east-1", "item": "ec2:t3.small", "usd": 0.0208, "source": "s" },
            { "region": "Virginia", "item": "ec2:t3.micro", "usd": 0.0104, "source": "s" },
            { "region": "us-east-1", "item": "gpu:h100", "usd": 4, "source": "s" },
            { "region": "us-east-1", "item": "nat:hour", "usd": 0, "source": "s" },
            { "region": "us-east-1", "item": "nat:gb", "usd": "0.045", "source": "s" },
            { "region": "us-east-1", "item": "alb:hour", "usd": 0.0225, "source": "nowhere" }
            """, compiled: "last week");

        var exception = Assert.Throws<PriceTableException>(() => PriceTableLoader.Parse(json, "prices.json"));

        Assert.StartsWith("the price table prices.json has 7 problems:", exception.Message);
        Assert.Contains(exception.Problems, problem => problem.StartsWith("compiled must be the date", StringComparison.Ordinal) && problem.Contains("\"last week\""));
        Assert.Contains("prices row 2 (us-east-1 ec2:t3.small): ec2:t3.small is priced twice for us-east-1", exception.Problems);
        Assert.Contains(exception.Problems, problem => problem.StartsWith("prices row 3 (Virginia ec2:t3.micro): region must be an AWS region code", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.StartsWith("prices row 4 (us-east-1 gpu:h100): item must be ec2:<instance type>", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.StartsWith("prices row 5 (us-east-1 nat:hour): usd must be a number above 0 (got 0)", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.StartsWith("prices row 6 (us-east-1 nat:gb): usd must be a number above 0 (got \"0.045\")", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, problem => problem.StartsWith("prices row 7 (us-east-1 alb:hour): source must be one of the ids under sources (s)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("""{ "compiled": "2026-11-29", "currency": "EUR", "sources": {}, "prices": [] }""", "currency must be \"USD\" (got \"EUR\")")]
    [InlineData("""{ "compiled": "2026-11-29", "currency": "USD", "sources": { "s": { "url": "http://example.com", "via": "x" } }, "prices": [] }""", "source \"s\": url must be an https:// address")]
    public void A_table_of_the_wrong_shape_is_refused_saying_what_is_wrong(string json, string problem)
    {
        var exception = Assert.Throws<PriceTableException>(() => PriceTableLoader.Parse(json, "prices.json"));

        Assert.Contains(problem, exception.Message);
    }
}
