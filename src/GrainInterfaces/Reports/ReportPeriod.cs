namespace DevBot.GrainInterfaces.Reports;

/// <summary>A half-open time range [Since, Until).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.ReportPeriod")]
public sealed record ReportPeriod(DateTimeOffset Since, DateTimeOffset Until);
