namespace DevBot.GrainInterfaces.Keys;

/// <summary>What operators see of a key: never the secret, only <paramref name="Masked"/> (…last4).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Keys.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    long KeyId,
    string Provider,
    string? Label,
    string Masked,
    string Status,
    string? StatusReason,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? CooldownUntil,
    DateTimeOffset? LastUsedAt,
    long UsageCount,
    DateTimeOffset CreatedAt);
