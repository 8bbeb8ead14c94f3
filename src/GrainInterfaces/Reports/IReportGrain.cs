namespace DevBot.GrainInterfaces.Reports;

/// <summary>Operator reports over the ledger and usage tables (key 0). Totals are sums over the same rows.</summary>
[Alias("DevBot.Reports.IReportGrain")]
public interface IReportGrain : IGrainWithIntegerKey
{
    /// <summary>Model spend grouped by provider, model, user, project, day or task type.</summary>
    Task<SpendReport> GetSpendAsync(ReportPeriod period, ReportGrouping by);

    /// <summary>Purchases and refunds grouped by day or user, per currency.</summary>
    Task<RevenueReport> GetRevenueAsync(ReportPeriod period, ReportGrouping by);

    Task<IReadOnlyList<TopUserRow>> GetTopUsersAsync(ReportPeriod period, int limit);

    /// <summary>Revenue from purchases against model cost (split into paid and free usage), by day or month; any other grouping gives one row.</summary>
    Task<ProfitAndLossReport> GetProfitAndLossAsync(ReportPeriod period, ReportGrouping by);
}
