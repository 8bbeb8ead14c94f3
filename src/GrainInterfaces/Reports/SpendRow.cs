namespace DevBot.GrainInterfaces.Reports;

/// <summary>
/// Model spend of one group: our cost (USD) and what users were charged (credits, and their USD value). Token counts
/// follow <c>api_key_usage</c>: cached and cache-written tokens are parts of the input tokens, reasoning tokens part
/// of the output tokens (appended later, with defaults). Of the credits charged, <paramref name="CreditsFree"/> came
/// from free or granted credits (spent first) and the rest from purchases; <paramref name="CostOnFreeUsd"/> is the
/// part of our cost that no purchase paid for. What users were charged is not revenue: see the profit and loss report.
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
    long CacheWriteTokens = 0,
    decimal CreditsFree = 0,
    decimal CostOnFreeUsd = 0)
{
    public decimal CreditsPaid => CreditsCharged - CreditsFree;

    public decimal CostOnPaidUsd => CostUsd - CostOnFreeUsd;
}
