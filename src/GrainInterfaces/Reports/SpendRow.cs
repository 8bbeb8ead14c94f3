namespace DevBot.GrainInterfaces.Reports;

/// <summary>
/// Model spend of one group: our cost (USD) and what users were charged (credits, and their USD value). Token counts
/// follow <c>api_key_usage</c>: cached and cache-written tokens are parts of the input tokens, reasoning tokens part
/// of the output tokens (appended later, with defaults).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Reports.SpendRow")]
public sealed record SpendRow(
    string Key,
    long Requests,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    decimal CreditsCharged,
    decimal BilledUsd,
    long CachedInputTokens = 0,
    long ReasoningTokens = 0,
    long CacheWriteTokens = 0)
{
    public decimal MarginUsd => BilledUsd - CostUsd;

    /// <summary>Margin as a share of what was billed; null when nothing was billed.</summary>
    public decimal? MarginPercent => BilledUsd == 0 ? null : Math.Round(MarginUsd / BilledUsd * 100m, 2);
}
