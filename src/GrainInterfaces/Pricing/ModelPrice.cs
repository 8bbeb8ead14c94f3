namespace DevBot.GrainInterfaces.Pricing;

/// <summary>One version of a model's list price, in USD per million tokens (and per image).</summary>
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
    DateTimeOffset EffectiveFrom);
