namespace DevBot.GrainInterfaces.Reports;

/// <summary>Spend and margin by a grouping; <paramref name="Total"/> is the sum of the rows.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.SpendReport")]
public sealed record SpendReport(ReportGrouping By, ReportPeriod Period, IReadOnlyList<SpendRow> Rows, SpendRow Total, decimal CreditValueUsd);
