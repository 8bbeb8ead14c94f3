namespace DevBot.GrainInterfaces.Pricing;

[GenerateSerializer, Immutable, Alias("DevBot.Pricing.ModelPriceUpdate")]
public sealed record ModelPriceUpdate(
    string Provider,
    string Model,
    decimal InputUsdPerMillionTokens,
    decimal OutputUsdPerMillionTokens,
    decimal ImageUsd,
    int? ContextTokens,
    string Source);
