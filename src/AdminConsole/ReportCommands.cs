using System.CommandLine;
using DevBot.GrainInterfaces.Reports;

namespace DevBot.AdminConsole;

/// <summary>
/// <c>report spend|revenue|margin|top-users</c>: totals are the grain's sums over the same rows, printed beneath them;
/// money in USD with two decimals, the period in the table's title.
/// </summary>
public static class ReportCommands
{
    public static Command Report(AdminContext context, TimeProvider time)
    {
        var report = new Command("report", "Spend, revenue, profit and loss, and top users over a period.");
        report.Subcommands.Add(Spend(context, time));
        report.Subcommands.Add(Margin(context, time));
        report.Subcommands.Add(Revenue(context, time));
        report.Subcommands.Add(TopUsers(context, time));
        return report;
    }

    private static Command Spend(AdminContext context, TimeProvider time)
    {
        var (since, until) = PeriodOptions(time);
        var by = Grouping(ReportGrouping.Provider, "provider, model, key, user, project, day, month or tasktype.",
            ReportGrouping.Provider, ReportGrouping.Model, ReportGrouping.Key, ReportGrouping.User, ReportGrouping.Project, ReportGrouping.Day, ReportGrouping.Month, ReportGrouping.TaskType);
        var command = new Command("spend", "Model spend: requests, tokens, our cost, and the credits charged for it (paid or free).") { since, until, by };
        context.Action(command, async (parse, grains, _) =>
        {
            var period = Period(parse, since, until, time);
            var result = await grains.GetGrain<IReportGrain>(0).GetSpendAsync(period, parse.GetValue(by));
            context.Show(parse, result, r => context.Output.Table(
                [Name(r.By), "requests", "input tokens", "output tokens", "cost $", "cost on free $", "credits", "free credits"],
                r.Rows.Select(SpendCells), SpendCells(r.Total), $"Model spend, {AdminOutput.Period(r.Period)}"));
        });
        return command;
    }

    private static Command Margin(AdminContext context, TimeProvider time)
    {
        var (since, until) = PeriodOptions(time);
        var by = Grouping(ReportGrouping.Month, "day or month.", ReportGrouping.Day, ReportGrouping.Month);
        var command = new Command("margin", "Profit and loss: revenue from purchases against model cost (paid and free usage), net and margin.") { since, until, by };
        context.Action(command, async (parse, grains, _) =>
        {
            var result = await grains.GetGrain<IReportGrain>(0).GetProfitAndLossAsync(Period(parse, since, until, time), parse.GetValue(by));
            context.Show(parse, result, r =>
            {
                context.Output.Table(
                    [Name(r.By), "purchases", "revenue $", "model cost $", "on paid $", "on free $", "net $", "margin %"],
                    r.Rows.Select(PnlCells), PnlCells(r.Total),
                    $"Profit and loss, {AdminOutput.Period(r.Period)} (Stars at {AdminOutput.Number(r.UsdPerStar)} USD)");
                if (r.Total.UnconvertedPurchases > 0)
                {
                    context.Output.Line($"{r.Total.UnconvertedPurchases} purchase(s) in a currency without a USD rate are not in the revenue.");
                }
            });
        });
        return command;
    }

    private static Command Revenue(AdminContext context, TimeProvider time)
    {
        var (since, until) = PeriodOptions(time);
        var by = Grouping(ReportGrouping.Day, "day, month or user.", ReportGrouping.Day, ReportGrouping.Month, ReportGrouping.User);
        var command = new Command("revenue", "Purchases and refunds per currency.") { since, until, by };
        context.Action(command, async (parse, grains, _) =>
        {
            var result = await grains.GetGrain<IReportGrain>(0).GetRevenueAsync(Period(parse, since, until, time), parse.GetValue(by));
            context.Show(parse, result, r => context.Output.Table(
                [Name(r.By), "currency", "purchases", "paid", "credits sold", "refunds", "paid back", "credits refunded"],
                r.Rows.Select(x => new[]
                {
                    x.Key, x.Currency, AdminOutput.Number(x.Purchases), AdminOutput.Money(x.Paid), AdminOutput.Money(x.CreditsSold), AdminOutput.Number(x.Refunds),
                    AdminOutput.Money(x.PaidRefunded), AdminOutput.Money(x.CreditsRefunded),
                }),
                ["total", string.Empty, AdminOutput.Number(r.Rows.Sum(x => x.Purchases)), string.Empty, AdminOutput.Money(r.TotalCreditsSold),
                    AdminOutput.Number(r.Rows.Sum(x => x.Refunds)), string.Empty, AdminOutput.Money(r.TotalCreditsRefunded)],
                $"Revenue, {AdminOutput.Period(r.Period)}"));
        });
        return command;
    }

    private static Command TopUsers(AdminContext context, TimeProvider time)
    {
        var (since, until) = PeriodOptions(time);
        var limit = new Option<int>("--limit") { Description = "How many users (1–1000).", DefaultValueFactory = _ => 10 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--limit must be between 1 and 1000");
            }
        });
        var command = new Command("top-users", "Users who spent the most credits, with what it cost us and what they bought.") { since, until, limit };
        context.Action(command, async (parse, grains, _) =>
        {
            var period = Period(parse, since, until, time);
            var rows = await grains.GetGrain<IReportGrain>(0).GetTopUsersAsync(period, parse.GetValue(limit));
            context.Show(parse, rows, r => context.Output.Table(
                ["user", "username", "requests", "credits spent", "cost $", "credits bought"],
                r.Select(u => new[]
                {
                    AdminOutput.Number(u.UserId), u.Username, AdminOutput.Number(u.Requests), AdminOutput.Money(u.CreditsCharged), AdminOutput.Money(u.CostUsd),
                    AdminOutput.Money(u.CreditsPurchased),
                }),
                title: $"Top users, {AdminOutput.Period(period)}"));
        });
        return command;
    }

    private static string?[] SpendCells(SpendRow row) =>
    [
        row.Key, AdminOutput.Number(row.Requests), AdminOutput.Number(row.InputTokens), AdminOutput.Number(row.OutputTokens), AdminOutput.Money(row.CostUsd),
        AdminOutput.Money(row.CostOnFreeUsd), AdminOutput.Money(row.CreditsCharged), AdminOutput.Money(row.CreditsFree),
    ];

    private static string?[] PnlCells(ProfitAndLossRow row) =>
    [
        row.Key, AdminOutput.Number(row.Purchases), AdminOutput.Money(row.RevenueUsd), AdminOutput.Money(row.ModelCostUsd), AdminOutput.Money(row.CostOnPaidUsd),
        AdminOutput.Money(row.CostOnFreeUsd), AdminOutput.Money(row.NetUsd), row.MarginPercent is { } p ? AdminOutput.Money(p) : "-",
    ];

    private static string Name(ReportGrouping by) => by == ReportGrouping.TaskType ? "task" : by.ToString().ToLowerInvariant();

    private static Option<ReportGrouping> Grouping(ReportGrouping fallback, string description, params ReportGrouping[] allowed)
    {
        var names = string.Join(", ", allowed.Select(Name));
        return new Option<ReportGrouping>("--by")
        {
            Description = description,
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                foreach (var grouping in allowed)
                {
                    if (string.Equals(Name(grouping), text, StringComparison.OrdinalIgnoreCase) || string.Equals(grouping.ToString(), text, StringComparison.OrdinalIgnoreCase))
                    {
                        return grouping;
                    }
                }

                result.AddError($"--by {text}: not a grouping of this report; use one of: {names}");
                return fallback;
            },
        };
    }

    private static (Option<DateTimeOffset?> Since, Option<DateTimeOffset?> Until) PeriodOptions(TimeProvider time) =>
    (
        DateOption("--since", "Start, inclusive (default: 30 days before the end): " + RelativeTime.Forms + ".", time),
        DateOption("--until", "End, exclusive (default: now).", time)
    );

    public static Option<DateTimeOffset?> DateOption(string name, string description, TimeProvider time) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (RelativeTime.TryParse(text, time.GetUtcNow(), out var value))
            {
                return value;
            }

            result.AddError($"{name} {text}: not a date or time; use {RelativeTime.Forms}");
            return null;
        },
    };

    private static ReportPeriod Period(ParseResult parse, Option<DateTimeOffset?> since, Option<DateTimeOffset?> until, TimeProvider time)
    {
        var end = parse.GetValue(until) ?? time.GetUtcNow();
        var start = parse.GetValue(since) ?? end.AddDays(-30);
        return start < end ? new ReportPeriod(start, end) : throw new AdminFailure("--since must be before --until");
    }
}
