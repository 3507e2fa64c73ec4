// The stack's AWS Budgets budget: a monthly COST budget over the costs carrying the stack's Stack tag, its limit the
// core's estimate at maxSize plus the margin, e-mailing the alarm address when 80 % is spent and when the month is
// forecast past the limit. The Stack tag must be activated as a cost allocation tag in the billing console before
// the filter sees any cost (see the runbook).
using Pulumi;
using WebStack.Core;
using WebStack.Core.Cost;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

public sealed record CostBudgetArgs(StackPlan Plan, BudgetPlan Budget);

public sealed class CostBudget : ComponentResource
{
    public const string TypeToken = "webstack:cost:CostBudget";

    public const string TagFilterName = "TagKeyValue";

    public CostBudget(string name, CostBudgetArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var budget = args.Budget;
        if (!budget.Enabled)
        {
            throw new ArgumentException($"the budget is off ({budget.Note}); the stack creates no CostBudget then", nameof(args));
        }

        var budgetName = plan.Names.Budget;
        var budgetArgs = new Aws.Budgets.BudgetArgs
        {
            BudgetType = "COST",
            TimeUnit = "MONTHLY",
            LimitAmount = budget.LimitAmount,
            LimitUnit = "USD",
            CostFilters =
            {
                new Aws.Budgets.Inputs.BudgetCostFilterArgs { Name = TagFilterName, Values = { budget.TagFilterValue } },
            },
            Tags = Tagging.For(plan, budgetName),
        };
        foreach (var alert in budget.Alerts)
        {
            budgetArgs.Notifications.Add(new Aws.Budgets.Inputs.BudgetNotificationArgs
            {
                NotificationType = alert.Type,
                ComparisonOperator = "GREATER_THAN",
                Threshold = alert.PercentOfLimit,
                ThresholdType = "PERCENTAGE",
                SubscriberEmailAddresses = { budget.Email! },
            });
        }

        if (budget.Alerts.Count == 0)
        {
            Log.Warn($"the budget of {plan.Names.Base} (limit {budget.LimitAmount} USD) notifies nobody: set {plan.Settings.Project}:alarmEmail", this);
        }

        Budget = new Aws.Budgets.Budget(budgetName.Logical, budgetArgs, new CustomResourceOptions { Parent = this });
        LimitAmount = budget.LimitAmount;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["budgetName"] = Budget.Name,
            ["limitAmount"] = LimitAmount,
        });
    }

    public Aws.Budgets.Budget Budget { get; }

    /// <summary>The monthly limit in USD, as AWS Budgets takes it.</summary>
    public string LimitAmount { get; }
}
