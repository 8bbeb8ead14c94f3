using DevBot.Gateway.Keys;
using DevBot.GrainInterfaces.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using DevBot.Grains.Observability;

namespace DevBot.Grains.Keys;

/// <summary>
/// One provider's API keys. Leases go round-robin over keys that are active, unexpired and not cooling down;
/// 429 cools a key down for Retry-After (or the default), 5xx/timeouts briefly, 401/403 disables it and raises an
/// operator alert. Status and cooldowns are written at once; last-used times and counts are flushed periodically.
/// Secrets are encrypted before they are stored and only leave as ciphertext; operators see …last4.
/// </summary>
public sealed class ApiKeyPoolGrain(
    ApiKeyStore store,
    ApiKeyCipher cipher,
    IOptions<ApiKeyPoolOptions> options,
    TimeProvider time,
    ILogger<ApiKeyPoolGrain> logger) : Grain, IApiKeyPoolGrain
{
    public static readonly EventId KeyDisabledAlert = Alerts.KeyDisabled;
    private readonly ApiKeyPoolOptions _options = options.Value;
    private List<StoredApiKey> _keys = [];
    private int _next;

    private string Provider => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _keys = await store.ListAsync(Provider, cancellationToken);
        this.RegisterGrainTimer(FlushUsageAsync, new GrainTimerCreationOptions(_options.UsageFlushPeriod, _options.UsageFlushPeriod) { Interleave = false });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushUsageAsync(cancellationToken);

    public Task<LeaseResult> LeaseAsync()
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < _keys.Count; i++)
        {
            var key = _keys[(_next + i) % _keys.Count];
            if (IsActive(key, now) && (key.CooldownUntil is null || key.CooldownUntil <= now))
            {
                _next = (_next + i + 1) % _keys.Count;
                key.LastUsedAt = now;
                key.UsageCount++;
                key.UsageDirty = true;
                return Task.FromResult(new LeaseResult(new ApiKeyLease(key.KeyId, key.Provider, key.Ciphertext, key.Nonce, key.Tag, key.Masked), null, null));
            }
        }

        var cooling = _keys.Where(k => IsActive(k, now) && k.CooldownUntil > now).Select(k => k.CooldownUntil!.Value).ToList();
        if (cooling.Count > 0)
        {
            var wait = cooling.Min() - now;
            return Task.FromResult(new LeaseResult(null, wait, $"all {cooling.Count} usable key(s) of {Provider} are cooling down for {wait.TotalSeconds:0.#} s"));
        }

        var disabled = _keys.Count(k => k.Status == "disabled");
        var expired = _keys.Count(k => k.Status == "active" && k.ExpiresAt <= now);
        return Task.FromResult(new LeaseResult(null, null,
            _keys.Count == 0 ? $"no API keys are configured for {Provider}" : $"no usable API keys for {Provider} ({disabled} disabled, {expired} expired)"));
    }

    public async Task ReportAsync(long keyId, KeyOutcome outcome, TimeSpan? retryAfter)
    {
        var key = _keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (outcome != KeyOutcome.Success)
        {
            key.ErrorCount++;
            key.LastError = outcome switch
            {
                KeyOutcome.RateLimited => "429 rate limited",
                KeyOutcome.Unauthorized => "401/403 rejected",
                KeyOutcome.ServerError => "5xx or network failure",
                KeyOutcome.Timeout => "timed out",
                _ => "unreadable answer",
            };
            key.LastErrorAt = now;
            key.UsageDirty = true;
        }

        switch (outcome)
        {
            case KeyOutcome.RateLimited:
                var pause = retryAfter is { } given && given > TimeSpan.Zero ? given : _options.RateLimitCooldown;
                await CoolDownAsync(key, now + (pause > _options.MaxCooldown ? _options.MaxCooldown : pause));
                LedgerMetrics.CooledDown(Provider, "rate_limited");
                logger.LogWarning("Key {KeyId} ({Masked}) of {Provider} rate limited; cooling down for {Seconds:0.#} s",
                    key.KeyId, key.Masked, Provider, (key.CooldownUntil!.Value - now).TotalSeconds);
                break;
            case KeyOutcome.ServerError or KeyOutcome.Timeout:
                await CoolDownAsync(key, now + _options.ErrorCooldown);
                LedgerMetrics.CooledDown(Provider, "error");
                break;
            case KeyOutcome.Unauthorized when key.Status == "active":
                key.Status = "disabled";
                key.StatusReason = $"rejected by {Provider} (401/403) at {now:u}";
                await store.SetStatusAsync(key.KeyId, key.Status, key.StatusReason);
                LedgerMetrics.Disabled(Provider);
                logger.LogError(KeyDisabledAlert, "Operator alert: API key {KeyId} ({Masked}) of {Provider} was rejected by the provider and is disabled",
                    key.KeyId, key.Masked, Provider);
                break;
        }
    }

    public async Task<ApiKeyInfo> AddAsync(ApiKeySecret secret, string? label, DateTimeOffset? expiresAt)
    {
        if (await InsertAsync(secret, label, expiresAt) is { } stored)
        {
            return Info(stored);
        }

        // The same secret is already in the pool: say so (and which key it is) rather than pretend it was added.
        var known = _keys.FirstOrDefault(k => k.Ciphertext.Length > 0 && Matches(k, secret))
                    ?? (await store.ListAsync(Provider)).First(k => k.Ciphertext.Length > 0 && Matches(k, secret));
        return Info(known) with { AlreadyKnown = true };
    }

    public async Task<int> SeedAsync(IReadOnlyList<ApiKeySecret> secrets)
    {
        var added = 0;
        foreach (var secret in secrets.Where(s => !string.IsNullOrWhiteSpace(s.Value)))
        {
            if (await InsertAsync(secret, "environment", null) is not null)
            {
                added++;
            }
        }

        if (added > 0)
        {
            logger.LogInformation("Added {Count} API key(s) for {Provider} from the environment", added, Provider);
        }

        return added;
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync() => Task.FromResult<IReadOnlyList<ApiKeyInfo>>(_keys.Select(Info).ToList());

    public async Task<bool> DisableAsync(long keyId, string reason)
    {
        var key = _keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return false;
        }

        key.Status = "disabled";
        key.StatusReason = string.IsNullOrWhiteSpace(reason) ? "disabled by an operator" : reason;
        await store.SetStatusAsync(key.KeyId, key.Status, key.StatusReason);
        logger.LogInformation("Key {KeyId} ({Masked}) of {Provider} disabled: {Reason}", key.KeyId, key.Masked, Provider, key.StatusReason);
        return true;
    }

    public async Task<ApiKeyInfo> RotateAsync(long keyId, ApiKeySecret replacement)
    {
        var old = _keys.FirstOrDefault(k => k.KeyId == keyId) ?? throw new ArgumentException($"Key {keyId} is not in the {Provider} pool.");
        var added = await InsertAsync(replacement, old.Label, null)
                    ?? throw new ArgumentException("The replacement key is already in the pool.");
        old.Status = "retired";
        old.StatusReason = $"rotated to key {added.KeyId}";
        await store.SetStatusAsync(old.KeyId, old.Status, old.StatusReason);
        logger.LogInformation("Key {OldKeyId} ({OldMasked}) of {Provider} rotated to {NewKeyId} ({NewMasked})",
            old.KeyId, old.Masked, Provider, added.KeyId, added.Masked);
        return Info(added);
    }

    private async Task<StoredApiKey?> InsertAsync(ApiKeySecret secret, string? label, DateTimeOffset? expiresAt)
    {
        var value = secret.Value?.Trim() ?? string.Empty;
        if (value.Length < 8 || value.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("An API key must be at least 8 characters without spaces.");
        }

        var stored = await store.InsertAsync(Provider, cipher.Encrypt(value, Provider), cipher.Fingerprint(value, Provider), value[^4..], label, expiresAt);
        if (stored is not null)
        {
            _keys.Add(stored);
        }

        return stored;
    }

    private bool Matches(StoredApiKey key, ApiKeySecret secret) =>
        string.Equals(cipher.Decrypt(key.Ciphertext, key.Nonce, key.Tag, key.Provider), secret.Value.Trim(), StringComparison.Ordinal);

    private async Task CoolDownAsync(StoredApiKey key, DateTimeOffset until)
    {
        if (key.CooldownUntil is { } current && current >= until)
        {
            return;
        }

        key.CooldownUntil = until;
        await store.SetCooldownAsync(key.KeyId, until);
    }

    private async Task FlushUsageAsync(CancellationToken cancellationToken)
    {
        var dirty = _keys.Where(k => k.UsageDirty).ToList();
        if (dirty.Count == 0)
        {
            return;
        }

        await store.FlushUsageAsync(dirty, cancellationToken);
        dirty.ForEach(k => k.UsageDirty = false);
    }

    private static bool IsActive(StoredApiKey key, DateTimeOffset now) => key.Status == "active" && (key.ExpiresAt is null || key.ExpiresAt > now);

    private ApiKeyInfo Info(StoredApiKey key)
    {
        var status = key.Status == "active" && key.ExpiresAt <= time.GetUtcNow() ? "expired" : key.Status;
        return new ApiKeyInfo(key.KeyId, key.Provider, key.Label, key.Masked, status, key.StatusReason, key.ExpiresAt,
            key.CooldownUntil, key.LastUsedAt, key.UsageCount, key.CreatedAt, key.ErrorCount, key.LastError, key.LastErrorAt);
    }
}
