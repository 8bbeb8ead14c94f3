using DevBot.GrainInterfaces.Credits;

namespace DevBot.GrainInterfaces.Pricing;

/// <summary>
/// One version of a model's list price, in USD per million tokens (and per image). The cached-input and cache-write
/// prices are null where the model has none of its own: those tokens then cost the input price, so a missing
/// figure can only overcharge, never undercharge. They came later and are appended, with defaults.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Pricing.ModelPrice")]
public sealed record ModelPrice(
    string Provider,
    string Model,
    int Version,
    decimal InputUsdPerMillionTokens,
    decimal OutputUsdPerMillionTokens,
    decimal ImageUsd,
    int? ContextTokens,
    string Source,
    DateTimeOffset EffectiveFrom,
    decimal? CachedInputUsdPerMillionTokens = null,
    decimal? CacheWriteUsdPerMillionTokens = null)
{
    private const decimal TokensPerMillion = 1_000_000m;

    /// <summary>
    /// The cost of <paramref name="usage"/> at this price, exact in decimal: uncached input at the input price,
    /// cached and cache-written input at their own prices, all output (answer and thoughts) at the output price,
    /// rounded up to <see cref="CreditMath.UsdScale"/> decimals.
    /// </summary>
    public decimal CostUsd(ModelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentOutOfRangeException.ThrowIfNegative(usage.InputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(usage.OutputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(usage.Images);
        ArgumentOutOfRangeException.ThrowIfNegative(usage.CachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(usage.CacheWriteTokens);
        if ((long)usage.CachedInputTokens + usage.CacheWriteTokens > usage.InputTokens)
        {
            throw new ArgumentException("Cached and cache-written tokens are parts of the input tokens and cannot exceed them.", nameof(usage));
        }

        var uncached = (long)usage.InputTokens - usage.CachedInputTokens - usage.CacheWriteTokens;
        var cost = uncached * InputUsdPerMillionTokens / TokensPerMillion
                   + usage.CachedInputTokens * (CachedInputUsdPerMillionTokens ?? InputUsdPerMillionTokens) / TokensPerMillion
                   + usage.CacheWriteTokens * (CacheWriteUsdPerMillionTokens ?? InputUsdPerMillionTokens) / TokensPerMillion
                   + (long)usage.OutputTokens * OutputUsdPerMillionTokens / TokensPerMillion
                   + usage.Images * ImageUsd;
        return CreditMath.RoundUp(cost, CreditMath.UsdScale);
    }
}
