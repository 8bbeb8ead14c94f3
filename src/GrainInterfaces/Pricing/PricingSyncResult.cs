namespace DevBot.GrainInterfaces.Pricing;

/// <summary>What a sync from an OpenRouter models response changed; entries it could not read are listed.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Pricing.PricingSyncResult")]
public sealed record PricingSyncResult(int Updated, int Unchanged, int Added, int NotInCatalog, IReadOnlyList<string> Rejected);
