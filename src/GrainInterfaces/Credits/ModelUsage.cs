namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// What one model request used, as the provider billed it. <paramref name="ProviderReportedCostUsd"/> is the
/// provider's own figure when it gives one (OpenRouter's usage.cost); DevBot then charges from it.
/// <paramref name="InputTokens"/> counts every prompt token, <paramref name="CachedInputTokens"/> and
/// <paramref name="CacheWriteTokens"/> are parts of it; <paramref name="OutputTokens"/> counts every billed output
/// token (answer and thoughts), <paramref name="ReasoningTokens"/> is the thinking part of it. The last three came
/// later: appended, with defaults, so older callers and stored messages still read.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.ModelUsage")]
public sealed record ModelUsage(
    string Provider,
    string Model,
    string TaskType,
    int InputTokens,
    int OutputTokens,
    int Images,
    int ResponseMs,
    long? KeyId,
    Guid? ProjectId,
    decimal? ProviderReportedCostUsd,
    int CachedInputTokens = 0,
    int ReasoningTokens = 0,
    int CacheWriteTokens = 0);
