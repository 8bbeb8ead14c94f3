using System.CommandLine;
using DevBot.GrainInterfaces.Reports;

namespace DevBot.AdminConsole;

/// <summary><c>report spend|revenue|margin</c>: totals are the grain's sums over the same rows, printed beneath them.</summary>
public static class ReportCommands
{
    public static Command Report(AdminContext context, TimeProvider time)
    {
        var report = new Command("report", "Spend, revenue and margin over a period.");
        report.Subcommands.Add(Spend(context, time, "spend", "Model spend: requests, tokens, our cost, credits charged.", margin: false));
        report.Subcommands.Add(Spend(context, time, "margin", "What was billed against what it cost us.", margin: true));

        var (since, until, by) = PeriodOptions(ReportGrouping.Day);
        by.Description = "day or user.";
        by.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<ReportGrouping>() is not (ReportGrouping.Day or ReportGrouping.User))
            {
                result.AddError("revenue is grouped by day or user");
            }
        });
        var revenue = new Command("revenue", "Purchases and refunds per currency.") { since, until, by };
        context.Action(revenue, async (parse, grains, _) =>
        {
            var result = await grains.GetGrain<IReportGrain>(0).GetRevenueAsync(Period(parse, since, until, time), parse.GetValue(by));
            context.Show(parse, result, r => context.Output.Table(
                [r.By.ToString().ToLowerInvariant(), "currency", "purchases", "paid", "credits sold", "refunds", "paid back", "credits refunded"],
                r.Rows.Select(x => new[]
                {
                    x.Key, x.Currency, AdminOutput.Number(x.Purchases), AdminOutput.Number(x.Paid), AdminOutput.Number(x.CreditsSold), AdminOutput.Number(x.Refunds),
                    AdminOutput.Number(x.PaidRefunded), AdminOutput.Number(x.CreditsRefunded),
                }),
                ["total", string.Empty, AdminOutput.Number(r.Rows.Sum(x => x.Purchases)), string.Empty, AdminOutput.Number(r.TotalCreditsSold),
                    AdminOutput.Number(r.Rows.Sum(x => x.Refunds)), string.Empty, AdminOutput.Number(r.TotalCreditsRefunded)]));
        });
        report.Subcommands.Add(revenue);
        return report;
    }

    private static Command Spend(AdminContext context, TimeProvider time, string name, string description, bool margin)
    {
        var (since, until, by) = PeriodOptions(ReportGrouping.Provider);
        var command = new Command(name, description) { since, until, by };
        context.Action(command, async (parse, grains, _) =>
        {
            var result = await grains.GetGrain<IReportGrain>(0).GetSpendAsync(Period(parse, since, until, time), parse.GetValue(by));
            context.Show(parse, result, r =>
            {
                var key = r.By.ToString().ToLowerInvariant();
                if (margin)
                {
                    context.Output.Table([key, "cost $", "billed $", "margin $", "margin %"], r.Rows.Select(MarginCells), MarginCells(r.Total));
                }
                else
                {
                    context.Output.Table([key, "requests", "input tokens", "output tokens", "cost $", "credits", "billed $"], r.Rows.Select(SpendCells), SpendCells(r.Total));
                }
            });
        });
        return command;
    }

    private static string?[] SpendCells(SpendRow row) =>
    [
        row.Key, AdminOutput.Number(row.Requests), AdminOutput.Number(row.InputTokens), AdminOutput.Number(row.OutputTokens), AdminOutput.Number(row.CostUsd),
        AdminOutput.Number(row.CreditsCharged), AdminOutput.Number(row.BilledUsd),
    ];

    private static string?[] MarginCells(SpendRow row) =>
        [row.Key, AdminOutput.Number(row.CostUsd), AdminOutput.Number(row.BilledUsd), AdminOutput.Number(row.MarginUsd), row.MarginPercent is { } p ? AdminOutput.Number(p) : null];

    private static (Option<DateTimeOffset?> Since, Option<DateTimeOffset?> Until, Option<ReportGrouping> By) PeriodOptions(ReportGrouping grouping) =>
    (
        new Option<DateTimeOffset?>("--since") { Description = "Start (ISO date or time, inclusive; default 30 days ago)." },
        new Option<DateTimeOffset?>("--until") { Description = "End (exclusive; default now)." },
        new Option<ReportGrouping>("--by") { Description = "provider, model, user, project, day or tasktype.", DefaultValueFactory = _ => grouping }
    );

    private static ReportPeriod Period(ParseResult parse, Option<DateTimeOffset?> since, Option<DateTimeOffset?> until, TimeProvider time)
    {
        var end = parse.GetValue(until) ?? time.GetUtcNow();
        var start = parse.GetValue(since) ?? end.AddDays(-30);
        return start < end ? new ReportPeriod(start, end) : throw new AdminFailure("--since must be before --until");
    }
}
