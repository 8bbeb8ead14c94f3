namespace DevBot.GrainInterfaces.Reports;

/// <summary>
/// Money in and out of one day, month or period. Revenue is what purchases brought in (Stars converted to USD at the
/// configured rate, refunds taken off); model cost is what every call cost us, split into the part paid for by
/// purchased credits and the part spent from free or granted credits. Net is revenue minus model cost.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.ProfitAndLossRow")]
public sealed record ProfitAndLossRow(
    string Key,
    long Purchases,
    long Refunds,
    decimal StarsNet,
    decimal RevenueUsd,
    decimal CreditsSold,
    decimal CreditsRefunded,
    long Requests,
    decimal ModelCostUsd,
    decimal CostOnPaidUsd,
    decimal CostOnFreeUsd,
    decimal CreditsUsedPaid,
    decimal CreditsUsedFree,
    long UnconvertedPurchases = 0)
{
    public decimal NetUsd => RevenueUsd - ModelCostUsd;

    /// <summary>Net as a share of revenue; null when there was no revenue (a margin of nothing means nothing).</summary>
    public decimal? MarginPercent => RevenueUsd == 0 ? null : Math.Round(NetUsd / RevenueUsd * 100m, 2);
}
