namespace DevBot.Grains.Pricing;

/// <summary>
/// One model's prices from an OpenRouter models response, converted to USD per million tokens; the cache prices are
/// null when OpenRouter lists none for the model.
/// </summary>
public sealed record OpenRouterModelPrice(
    string Model,
    decimal InputUsdPerMillionTokens,
    decimal OutputUsdPerMillionTokens,
    decimal ImageUsd,
    int? ContextTokens,
    decimal? CachedInputUsdPerMillionTokens = null,
    decimal? CacheWriteUsdPerMillionTokens = null);
