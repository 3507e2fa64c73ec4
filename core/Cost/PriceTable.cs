// The price table: dated on-demand prices per region and item, each with the source it was read from.
namespace WebStack.Core.Cost;

/// <param name="Url">Where the figure is published.</param>
/// <param name="Via">Where it was actually read, when that is a copy of the publisher's figure.</param>
public sealed record PriceSource(string Id, string Url, string Via);

public sealed record Price(string Region, PriceItem Item, decimal Usd, PriceSource Source);

public sealed record PriceTable(DateOnly Compiled, string Currency, IReadOnlyList<Price> Prices)
{
    /// <summary>The price of <paramref name="item"/> in <paramref name="region"/>, or null when the table lacks it.</summary>
    public Price? Find(string region, PriceItem item) =>
        Prices.FirstOrDefault(price => price.Region == region && price.Item.Key == item.Key);

    public IReadOnlyList<string> Regions => Prices.Select(price => price.Region).Distinct().Order(StringComparer.Ordinal).ToList();
}
