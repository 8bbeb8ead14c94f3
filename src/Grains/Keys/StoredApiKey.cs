namespace DevBot.Grains.Keys;

/// <summary>A key as the pool keeps it in memory; the secret stays encrypted.</summary>
public sealed class StoredApiKey
{
    public required long KeyId { get; init; }

    public required string Provider { get; init; }

    public string? Label { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] Nonce { get; init; }

    public required byte[] Tag { get; init; }

    public required string Last4 { get; init; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? CooldownUntil { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public long UsageCount { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public bool UsageDirty { get; set; }

    public long ErrorCount { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }

    public string Masked => "…" + Last4;
}
