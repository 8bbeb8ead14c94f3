namespace DevBot.GrainInterfaces.Reports;

/// <summary>Purchases of one group in one currency, and the refunds of purchases made in it.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.RevenueRow")]
public sealed record RevenueRow(string Key, string Currency, long Purchases, decimal Paid, decimal CreditsSold, long Refunds, decimal PaidRefunded, decimal CreditsRefunded);
