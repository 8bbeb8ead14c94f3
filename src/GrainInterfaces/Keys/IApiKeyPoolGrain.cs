namespace DevBot.GrainInterfaces.Keys;

/// <summary>
/// The API keys of one provider (key: provider name, e.g. <c>google</c>, <c>openrouter</c>): stored encrypted,
/// leased round-robin, cooled down on 429 and errors, disabled on 401/403, honouring expiry.
/// </summary>
[Alias("DevBot.Keys.IApiKeyPoolGrain")]
public interface IApiKeyPoolGrain : IGrainWithStringKey
{
    Task<LeaseResult> LeaseAsync();

    Task ReportAsync(long keyId, KeyOutcome outcome, TimeSpan? retryAfter);

    Task<ApiKeyInfo> AddAsync(ApiKeySecret secret, string? label, DateTimeOffset? expiresAt);

    /// <summary>Adds the secrets not already in the pool (start-up seeding); returns how many were new.</summary>
    Task<int> SeedAsync(IReadOnlyList<ApiKeySecret> secrets);

    Task<IReadOnlyList<ApiKeyInfo>> ListAsync();

    Task<bool> DisableAsync(long keyId, string reason);

    /// <summary>Adds <paramref name="replacement"/> and retires the old key.</summary>
    Task<ApiKeyInfo> RotateAsync(long keyId, ApiKeySecret replacement);
}
