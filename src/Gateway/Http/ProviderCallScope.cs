namespace DevBot.Gateway.Http;

/// <summary>
/// The state one model request shares with the HTTP handler below the SDK: the key of the current attempt (going
/// in) and what the provider answered (coming out: status, Retry-After, the usage it reported). One object per logical
/// request, made current for its async flow; the handler mutates it, so the layers above see the results.
/// </summary>
public sealed class ProviderCallScope
{
    private static readonly AsyncLocal<ProviderCallScope?> CurrentScope = new();

    public static ProviderCallScope? Current
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    /// <summary>The decrypted key of the attempt in flight; cleared when the attempt ends.</summary>
    public string? ApiKey { get; set; }

    public long? KeyId { get; set; }

    public int? LastStatus { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The provider's own figure for the request's cost (OpenRouter's usage.cost), in USD.</summary>
    public decimal? ReportedCostUsd { get; set; }

    /// <summary>The usage object of the answer as the provider sent it; null when the body had none or was unreadable.</summary>
    public ProviderUsage? Usage { get; set; }

    public void BeginAttempt(long? keyId, string? apiKey)
    {
        KeyId = keyId;
        ApiKey = apiKey;
        LastStatus = null;
        RetryAfter = null;
        ReportedCostUsd = null;
        Usage = null;
    }

    public void EndAttempt() => ApiKey = null;
}
