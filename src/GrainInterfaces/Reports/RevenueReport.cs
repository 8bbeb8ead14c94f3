namespace DevBot.GrainInterfaces.Reports;

[GenerateSerializer, Immutable, Alias("DevBot.Reports.RevenueReport")]
public sealed record RevenueReport(ReportGrouping By, ReportPeriod Period, IReadOnlyList<RevenueRow> Rows, decimal TotalCreditsSold, decimal TotalCreditsRefunded);
