using System.ClientModel;
using System.Text.Json;
using DevBot.Gateway.Http;
using DevBot.Gateway.Keys;
using DevBot.GrainInterfaces.Keys;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DevBot.Gateway;

/// <summary>
/// Runs one model request against one model with bounded, backed-off retries (Polly): each attempt leases a key
/// from the provider's pool, sends, and reports how the key fared; transient failures (429, 5xx, 401/403 on one
/// key, timeouts, unreadable answers) try again with another key; when every key is cooling down the next attempt
/// waits for the earliest one (up to <see cref="ModelGatewayOptions.MaxKeyWait"/>) instead of spinning.
/// </summary>
internal sealed class KeyedAttemptRunner
{
    private const string NoPoolKey = "devbot-scripted-no-key";
    private readonly ModelRef _model;
    private readonly ProviderOptions _provider;
    private readonly IGrainFactory _grains;
    private readonly ApiKeyCipher _cipher;
    private readonly ModelGatewayOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    public KeyedAttemptRunner(ModelRef model, ProviderOptions provider, IGrainFactory grains, ApiKeyCipher cipher, ModelGatewayOptions options, ILogger logger)
    {
        _model = model;
        _provider = provider;
        _grains = grains;
        _cipher = cipher;
        _options = options;
        _logger = logger;
        _pipeline = options.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<TransientAttemptException>(),
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                })
                .Build();
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        var scope = ProviderCallScope.Current ?? new ProviderCallScope();
        ProviderCallScope.Current = scope;
        var attempts = 0;
        var waited = TimeSpan.Zero;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await AttemptAsync(send, scope, attempts, token, extraWait => waited += extraWait, () => waited);
            }, cancellationToken);
        }
        catch (TransientAttemptException last)
        {
            throw new ModelUnavailableException(_model.Provider, _model.Model, last.Kind, attempts, last.Message, last.InnerException);
        }
    }

    private async Task<T> AttemptAsync<T>(
        Func<CancellationToken, Task<T>> send, ProviderCallScope scope, int attempt, CancellationToken cancellationToken,
        Action<TimeSpan> addWait, Func<TimeSpan> waitedSoFar)
    {
        long? keyId = null;
        // A server without a pool gets its one configured token, or a placeholder it ignores (local servers, the scripted one).
        string secret = _provider.ApiKey is { Length: > 0 } configured ? configured : NoPoolKey;
        if (_provider.KeyPool)
        {
            var leasing = System.Diagnostics.Stopwatch.GetTimestamp();
            var lease = await LeaseWaitingForCooldownAsync(attempt, addWait, waitedSoFar, cancellationToken);
            keyId = lease.KeyId;
            secret = _cipher.Decrypt(lease.Ciphertext, lease.Nonce, lease.Tag, lease.Provider);
            GatewayMetrics.Phase("key_lease", leasing);
        }

        scope.BeginAttempt(keyId, secret);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            var sending = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await send(deadline.Token);
            var reporting = GatewayMetrics.Phase("send", sending);
            await ReportAsync(keyId, KeyOutcome.Success, null);
            GatewayMetrics.Phase("key_report", reporting);
            return result;
        }
        catch (ClientResultException ex)
        {
            var status = ex.Status != 0 ? ex.Status : scope.LastStatus ?? 0;
            if (status is >= 400 and < 500 and not 401 and not 403 and not 429)
            {
                await ReportAsync(keyId, KeyOutcome.Success, null);
                throw new ModelRequestRejectedException(_model.Provider, _model.Model, status, FirstLine(ex.Message));
            }

            var (outcome, kind) = status switch
            {
                429 => (KeyOutcome.RateLimited, ModelFailureKind.RateLimited),
                401 or 403 => (KeyOutcome.Unauthorized, ModelFailureKind.Unauthorized),
                _ => (KeyOutcome.ServerError, ModelFailureKind.ServerError),
            };
            await ReportAsync(keyId, outcome, scope.RetryAfter);
            throw new TransientAttemptException(kind, $"HTTP {status}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await ReportAsync(keyId, KeyOutcome.Timeout, null);
            throw new TransientAttemptException(ModelFailureKind.Timeout, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            await ReportAsync(keyId, KeyOutcome.ServerError, null);
            throw new TransientAttemptException(ModelFailureKind.Network, ex.HttpRequestError.ToString(), inner: ex);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException
                                       or ArgumentException or MalformedAnswerException or NullReferenceException)
        {
            // An answer that could not be read: a failure of this attempt, never a crash of the caller.
            await ReportAsync(keyId, KeyOutcome.Malformed, null);
            throw new TransientAttemptException(ModelFailureKind.Malformed, "unreadable answer: " + ex.GetType().Name, inner: ex);
        }
        finally
        {
            scope.EndAttempt();
        }
    }

    /// <summary>
    /// A key for the next send. When every key is cooling down, sleeps until the earliest is free (with a little
    /// jitter, so waiting requests do not all wake at once) as long as the request's wait budget lasts; waiting does
    /// not use up attempts, sending does.
    /// </summary>
    private async Task<ApiKeyLease> LeaseWaitingForCooldownAsync(int attempt, Action<TimeSpan> addWait, Func<TimeSpan> waitedSoFar, CancellationToken cancellationToken)
    {
        var pool = _grains.GetGrain<IApiKeyPoolGrain>(_model.Provider);
        while (true)
        {
            var leased = await pool.LeaseAsync();
            if (leased.Lease is { } lease)
            {
                return lease;
            }

            var reason = leased.Reason ?? "no usable keys";
            if (leased.RetryAfter is not { } wait || waitedSoFar() + wait > _options.MaxKeyWait)
            {
                throw new ModelUnavailableException(_model.Provider, _model.Model, ModelFailureKind.NoUsableKeys, attempt, reason);
            }

            wait += TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50));
            addWait(wait);
            await Task.Delay(wait, cancellationToken);
        }
    }

    private async Task ReportAsync(long? keyId, KeyOutcome outcome, TimeSpan? retryAfter)
    {
        if (keyId is not { } id)
        {
            return;
        }

        try
        {
            await _grains.GetGrain<IApiKeyPoolGrain>(_model.Provider).ReportAsync(id, outcome, retryAfter);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not report {Outcome} for key {KeyId} of {Provider}", outcome, id, _model.Provider);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0];
        return line.Length > 300 ? line[..300] : line;
    }
}
