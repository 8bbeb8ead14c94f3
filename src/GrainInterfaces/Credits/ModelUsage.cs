namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// What one model request used, as the provider reported it. <paramref name="ProviderReportedCostUsd"/> is the
/// provider's own figure when it gives one (OpenRouter's usage.cost); DevBot then charges from it.
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
    decimal? ProviderReportedCostUsd);
