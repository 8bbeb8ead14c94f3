using DevBot.GrainInterfaces.Reports;
using DevBot.Grains.Credits;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DevBot.Grains.Reports;

/// <summary>Read-only operator reports; stateless, so every silo can answer them.</summary>
[StatelessWorker]
public sealed class ReportGrain(ReportStore store, IOptions<CreditOptions> options, IOptions<ReportOptions> reportOptions) : Grain, IReportGrain
{
    public async Task<SpendReport> GetSpendAsync(ReportPeriod period, ReportGrouping by)
    {
        var creditValue = options.Value.CreditValueUsd;
        var rows = await store.SpendAsync(period, by, creditValue);
        var total = new SpendRow("total", rows.Sum(r => r.Requests), rows.Sum(r => r.InputTokens), rows.Sum(r => r.OutputTokens),
            rows.Sum(r => r.CostUsd), rows.Sum(r => r.CreditsCharged), rows.Sum(r => r.BilledUsd),
            rows.Sum(r => r.CachedInputTokens), rows.Sum(r => r.ReasoningTokens), rows.Sum(r => r.CacheWriteTokens),
            rows.Sum(r => r.CreditsFree), rows.Sum(r => r.CostOnFreeUsd));
        return new SpendReport(by, period, rows, total, creditValue);
    }

    public async Task<RevenueReport> GetRevenueAsync(ReportPeriod period, ReportGrouping by)
    {
        var rows = await store.RevenueAsync(period, by);
        return new RevenueReport(by, period, rows, rows.Sum(r => r.CreditsSold), rows.Sum(r => r.CreditsRefunded));
    }

    public async Task<IReadOnlyList<TopUserRow>> GetTopUsersAsync(ReportPeriod period, int limit) =>
        await store.TopUsersAsync(period, Math.Clamp(limit, 1, 1000));

    public async Task<ProfitAndLossReport> GetProfitAndLossAsync(ReportPeriod period, ReportGrouping by)
    {
        var usdPerStar = reportOptions.Value.UsdPerStar;
        var rows = await store.ProfitAndLossAsync(period, by, new Dictionary<string, decimal>(StringComparer.Ordinal) { ["XTR"] = usdPerStar, ["USD"] = 1m });
        var total = new ProfitAndLossRow("total", rows.Sum(r => r.Purchases), rows.Sum(r => r.Refunds), rows.Sum(r => r.StarsNet), rows.Sum(r => r.RevenueUsd),
            rows.Sum(r => r.CreditsSold), rows.Sum(r => r.CreditsRefunded), rows.Sum(r => r.Requests), rows.Sum(r => r.ModelCostUsd), rows.Sum(r => r.CostOnPaidUsd),
            rows.Sum(r => r.CostOnFreeUsd), rows.Sum(r => r.CreditsUsedPaid), rows.Sum(r => r.CreditsUsedFree), rows.Sum(r => r.UnconvertedPurchases));
        return new ProfitAndLossReport(by, period, rows, total, usdPerStar);
    }
}
