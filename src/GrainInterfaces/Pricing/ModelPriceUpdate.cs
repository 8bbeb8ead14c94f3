namespace DevBot.GrainInterfaces.Pricing;

/// <summary>A whole price to set: a null cached-input or cache-write price means the model has none of its own.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Pricing.ModelPriceUpdate")]
public sealed record ModelPriceUpdate(
    string Provider,
    string Model,
    decimal InputUsdPerMillionTokens,
    decimal OutputUsdPerMillionTokens,
    decimal ImageUsd,
    int? ContextTokens,
    string Source,
    decimal? CachedInputUsdPerMillionTokens = null,
    decimal? CacheWriteUsdPerMillionTokens = null);
