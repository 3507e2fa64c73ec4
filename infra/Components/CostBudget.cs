// The stack's AWS Budgets budget: a monthly COST budget over the costs carrying the stack's Stack tag, its limit the
// core's estimate at maxSize plus the margin, telling the alarm topic (and e-mailing the alarm address, when set) when
// 80 % is spent and when the month is forecast past the limit. The Stack tag must be activated as a cost allocation tag in the billing console before
// the filter sees any cost (see the runbook).
using Pulumi;
using WebStack.Core;
using WebStack.Core.Cost;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="AlarmTopicArn">The stack's alarm topic, which the budget tells too.</param>
/// <param name="TopicPolicy">The topic's policy letting the account's budgets publish: it exists before the budget.</param>
public sealed record CostBudgetArgs(StackPlan Plan, BudgetPlan Budget, Output<string> AlarmTopicArn, Resource TopicPolicy);

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
            var notification = new Aws.Budgets.Inputs.BudgetNotificationArgs
            {
                NotificationType = alert.Type,
                ComparisonOperator = "GREATER_THAN",
                Threshold = alert.PercentOfLimit,
                ThresholdType = "PERCENTAGE",
                SubscriberSnsTopicArns = { args.AlarmTopicArn },
            };
            if (budget.Email is { } email)
            {
                notification.SubscriberEmailAddresses.Add(email);
            }

            budgetArgs.Notifications.Add(notification);
        }

        Budget = new Aws.Budgets.Budget(budgetName.Logical, budgetArgs, new CustomResourceOptions { Parent = this, DependsOn = [args.TopicPolicy] });
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
