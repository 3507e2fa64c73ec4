// One priced item of a stack's monthly cost: what it is, how many units, at what price, and whether usage drives it.
namespace WebStack.Core.Cost;

public enum CostPart
{
    /// <summary>Paid for existing: hours of servers, gateways, the database, storage provisioned.</summary>
    Fixed,

    /// <summary>Driven by use: traffic, capacity units, logs, backups; computed from the stated assumptions.</summary>
    Usage,
}

/// <param name="Id">Stable name of the line for scripts (servers, nat-hours, ...).</param>
/// <param name="Quantity">Units a month, in <see cref="PriceItem.Unit"/> of <paramref name="Item"/>.</param>
/// <param name="Price">The table's price; null when the table has none for the region, and the line is then left out of
/// every total.</param>
/// <param name="Monthly">Quantity × unit price, rounded to cents; null when unpriced.</param>
/// <param name="Missing">The table entry whose absence leaves the line unpriced; null when priced.</param>
public sealed record CostLine(
    string Id,
    string What,
    CostPart Part,
    decimal Quantity,
    PriceItem Item,
    Price? Price,
    decimal? Monthly,
    PriceItem? Missing)
{
    public bool IsPriced => Price is not null;

    /// <param name="missing">What the table lacks when it isn't <paramref name="item"/> itself (a factor the line needs).</param>
    public static CostLine Of(string id, string what, CostPart part, decimal quantity, PriceItem item, Price? price, PriceItem? missing = null) =>
        price is null || missing is not null
            ? new(id, what, part, quantity, item, null, null, missing ?? item)
            : new(id, what, part, quantity, item, price, Math.Round(quantity * price.Usd, 2, MidpointRounding.AwayFromZero), null);
}
