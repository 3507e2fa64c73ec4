// `webstack plan <stack> [--json]`: reads Pulumi.<stack>.yaml, validates it and prints what the stack will build and
// what it costs a month; with --json, the cost estimate and the budget as JSON for scripts.
using WebStack.Core;
using WebStack.Core.Apps;
using WebStack.Core.Cost;
using WebStack.Core.Settings;
using WebStack.Local.Stacks;

namespace WebStack.Local.Commands;

public static class PlanCommand
{
    public static int Run(StackFiles files, string stack, TextWriter output, TextWriter errors, bool json = false)
    {
        var config = files.Read(stack);
        var result = StackSettingsReader.Read(config);
        if (!result.IsValid)
        {
            errors.WriteLine($"{Path.GetFileName(files.StackFilePath(stack))} has {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}; nothing was planned:");
            foreach (var problem in result.Errors)
            {
                errors.WriteLine($"  - {problem.Message}");
            }

            return ExitCodes.InvalidSettings;
        }

        // What can be known of the apps without building them: their project, package or jar exists, a package's
        // command names a file in it, a jar has a Main-Class.
        var appProblems = AppSourceCheck.Problems(result.Settings!, files.ProjectDirectory);
        if (appProblems.Count > 0)
        {
            errors.WriteLine($"{Path.GetFileName(files.StackFilePath(stack))}: the stack's app can't run as configured ({appProblems.Count} problem{(appProblems.Count == 1 ? "" : "s")}); nothing was planned:");
            foreach (var problem in appProblems)
            {
                errors.WriteLine($"  - {problem}");
            }

            return ExitCodes.InvalidSettings;
        }

        var plan = StackPlan.From(result.Settings!);
        if (json)
        {
            var cost = StackCost.For(plan, PriceTableLoader.Embedded);
            output.Write(CostJson.Render(plan, cost, BudgetPlan.For(plan, cost)));
        }
        else
        {
            output.Write(PlanReport.Render(plan, result));
        }

        return ExitCodes.Success;
    }

    /// <summary>The stack's plan, or an exception listing every problem with its settings.</summary>
    public static StackPlan Load(StackFiles files, string stack)
    {
        var result = StackSettingsReader.Read(files.Read(stack));
        if (!result.IsValid)
        {
            throw new UserFacingException($"{Path.GetFileName(files.StackFilePath(stack))} has {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}; nothing was started:"
                + string.Concat(result.Errors.Select(problem => $"{Environment.NewLine}  - {problem.Message}")));
        }

        return StackPlan.From(result.Settings!);
    }
}
