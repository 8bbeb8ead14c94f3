namespace DevBot.GrainInterfaces.Reports;

/// <summary>Model spend of one group: our cost (USD) and what users were charged (credits, and their USD value).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.SpendRow")]
public sealed record SpendRow(string Key, long Requests, long InputTokens, long OutputTokens, decimal CostUsd, decimal CreditsCharged, decimal BilledUsd)
{
    public decimal MarginUsd => BilledUsd - CostUsd;

    /// <summary>Margin as a share of what was billed; null when nothing was billed.</summary>
    public decimal? MarginPercent => BilledUsd == 0 ? null : Math.Round(MarginUsd / BilledUsd * 100m, 2);
}
