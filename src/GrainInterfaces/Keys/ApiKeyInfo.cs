namespace DevBot.GrainInterfaces.Keys;

/// <summary>
/// What operators see of a key: never the secret, only <paramref name="Masked"/> (…last4). <paramref name="UsageCount"/>
/// counts leases (attempts); <paramref name="ErrorCount"/> those that failed, the last with its time.
/// </summary>
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
    DateTimeOffset CreatedAt,
    long ErrorCount = 0,
    string? LastError = null,
    DateTimeOffset? LastErrorAt = null,
    bool AlreadyKnown = false);
