namespace DevBot.Grains.Pricing;

/// <summary>
/// One model's prices from an OpenRouter models response, converted to USD per million tokens; the cache prices are
/// null when OpenRouter lists none for the model. <paramref name="StructuredOutputs"/>: the model's
/// <c>supported_parameters</c> list <c>structured_outputs</c> (null: the entry has no such list).
/// </summary>
public sealed record OpenRouterModelPrice(
    string Model,
    decimal InputUsdPerMillionTokens,
    decimal OutputUsdPerMillionTokens,
    decimal ImageUsd,
    int? ContextTokens,
    decimal? CachedInputUsdPerMillionTokens = null,
    decimal? CacheWriteUsdPerMillionTokens = null,
    bool? StructuredOutputs = null);
