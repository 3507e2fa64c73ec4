// What a stack costs a month at its starting size (desiredCapacity) and fully scaled out (maxSize).
namespace WebStack.Core.Cost;

public sealed record StackCost(PriceTable Table, UsageAssumptions Usage, CostEstimate Start, CostEstimate AtMax)
{
    public static StackCost For(StackPlan plan, PriceTable table)
    {
        var fleet = plan.Settings.Fleet;
        return new StackCost(table, plan.Settings.Cost.Usage,
            CostEstimate.For(plan, table, fleet.DesiredCapacity),
            CostEstimate.For(plan, table, fleet.MaxSize));
    }

    /// <summary>Every line unpriced at either size, once.</summary>
    public IReadOnlyList<CostLine> Unpriced => Start.Unpriced.Concat(AtMax.Unpriced).DistinctBy(line => line.Id).ToList();

    /// <summary>The sources of the prices the estimate used, in the order first used.</summary>
    public IReadOnlyList<PriceSource> Sources =>
        Start.Lines.Concat(AtMax.Lines).Where(line => line.IsPriced).Select(line => line.Price!.Source)
            .Concat(Start.Factors.Select(factor => factor.Source)).Distinct().ToList();
}
