namespace DevBot.GrainInterfaces.Reports;

/// <summary>Profit and loss by day or month (or one row for the period); <paramref name="Total"/> is the sum of the rows.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.ProfitAndLossReport")]
public sealed record ProfitAndLossReport(ReportGrouping By, ReportPeriod Period, IReadOnlyList<ProfitAndLossRow> Rows, ProfitAndLossRow Total, decimal UsdPerStar);
