using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using DevBot.Grains.Observability;

namespace DevBot.Grains.Credits;

/// <summary>
/// The only writer of one user's credits. PostgreSQL is the source of truth: every mutation is one ledger
/// function call (one transaction, idempotent by key); the grain keeps the balance and the open holds in memory
/// between calls and reloads them on activation. Not reentrant: one user's operations run one at a time.
/// A durable reminder sweeps the user's stale holds while any are open, so credits held by crashed work come back.
/// </summary>
public sealed class CreditLedgerGrain(
    LedgerStore store,
    LedgerBatchWriter batchWriter,
    IOptions<CreditOptions> options,
    TimeProvider time,
    ILogger<CreditLedgerGrain> logger) : Grain, ICreditLedgerGrain, IRemindable
{
    public const string HoldExpiryReminder = "hold-expiry";
    private const int MaxKeyLength = 200;

    private readonly CreditOptions _options = options.Value;
    private readonly Dictionary<string, OpenHold> _openHolds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string Model, int Version), ModelPrice> _priceVersions = new();
    private readonly Dictionary<(string Provider, string Model), (ModelPrice Price, DateTime Until)> _currentPrices = new();
    private readonly Queue<(DateTimeOffset At, decimal Credits)> _recentSpend = new();
    private decimal _recentTotal;
    private DateTimeOffset _lastCallSpikeAlert = DateTimeOffset.MinValue;
    private DateTimeOffset _lastHourSpikeAlert = DateTimeOffset.MinValue;
    private CreditBalance _balance = new(0m, 0m);
    private CreditLimits? _limits;
    private bool _sweepScheduled;

    private long UserId => this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _balance = await store.GetBalanceAsync(UserId, cancellationToken);
        foreach (var hold in await store.GetOpenHoldsAsync(UserId, cancellationToken))
        {
            _openHolds[hold.CallId] = hold;
        }

        _sweepScheduled = await this.GetReminder(HoldExpiryReminder) is not null;
        if (_openHolds.Count > 0)
        {
            await EnsureSweepAsync();
        }
    }

    public async Task<LedgerPostResult> GrantAsync(CreditGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        RequireKey(grant.IdempotencyKey, "idempotency key");
        if (grant.Kind == GrantKind.Adjustment ? grant.Credits == 0 : grant.Credits <= 0)
        {
            throw new ArgumentException(grant.Kind == GrantKind.Adjustment
                ? "An adjustment must change the balance (non-zero credits)."
                : "A grant must be a positive number of credits.");
        }

        // The referral bonus has a kind of its own (migration 0032), so history and reports can tell it from other grants.
        var kind = grant.Kind switch
        {
            GrantKind.Adjustment => "adjustment",
            GrantKind.Referral => "referral_bonus",
            _ => "grant",
        };
        var description = grant.Description ?? grant.Kind.ToString().ToLowerInvariant();
        var outcome = await store.PostAsync(UserId, grant.IdempotencyKey, kind, RoundCredits(grant.Credits), null, null, null, description);
        return ToPostResult(outcome);
    }

    public async Task<LedgerPostResult> PurchaseAsync(CreditPurchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        RequireKey(purchase.ExternalChargeId, "charge id");
        if (purchase.Credits <= 0 || purchase.PaidAmount < 0)
        {
            throw new ArgumentException("A purchase needs positive credits and a non-negative paid amount.");
        }

        if (string.IsNullOrWhiteSpace(purchase.PaidCurrency) || purchase.PaidCurrency.Length > 10)
        {
            throw new ArgumentException("A purchase needs its currency code (for example XTR).");
        }

        var outcome = await store.PostAsync(UserId, "purchase:" + purchase.ExternalChargeId, "purchase", RoundCredits(purchase.Credits),
            purchase.ExternalChargeId, purchase.PaidAmount, purchase.PaidCurrency, purchase.Description ?? "purchase");
        if (outcome.Status == LedgerStatus.Posted)
        {
            LedgerMetrics.Purchased(purchase.PaidCurrency, purchase.Credits);
        }

        return ToPostResult(outcome);
    }

    public async Task<LedgerPostResult> RefundAsync(CreditRefund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        RequireKey(refund.ExternalChargeId, "charge id");
        var purchase = await store.FindPurchaseAsync(UserId, refund.ExternalChargeId);
        if (purchase is null)
        {
            return new LedgerPostResult(LedgerPostStatus.PurchaseNotFound, null, 0m, _balance);
        }

        var outcome = await store.PostAsync(UserId, "refund:" + refund.ExternalChargeId, "refund", -purchase.Credits,
            refund.ExternalChargeId, purchase.PaidAmount, purchase.PaidCurrency, refund.Reason ?? "refund of purchase");
        return ToPostResult(outcome);
    }

    public async Task<ReserveResult> ReserveAsync(ReserveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.CallId, "call id");
        if (request.MaxCredits <= 0)
        {
            throw new ArgumentException("A reservation must hold a positive number of credits.");
        }

        var price = await CurrentPriceAsync(request.Provider, request.Model);
        if (price is null)
        {
            return new ReserveResult(ReserveStatus.UnknownModel, 0m, _balance, 0m, null, null);
        }

        var amount = RoundCredits(request.MaxCredits);
        if (!_openHolds.ContainsKey(request.CallId) && await LimitHitAsync(amount) is { } limit)
        {
            return new ReserveResult(ReserveStatus.LimitReached, amount, _balance, 0m, null, price.Version, limit);
        }

        var operation = new ReserveOperation(UserId, request.CallId, amount, request.ProjectId, request.Provider, request.Model, price.Version);
        var outcome = _options.BatchWrites
            ? await batchWriter.ReserveAsync(operation)
            : await store.ReserveAsync(UserId, request.CallId, amount, _options.HoldTtl, request.ProjectId, request.Provider, request.Model, price.Version);
        _balance = new CreditBalance(outcome.Balance, outcome.Held);
        switch (outcome.Status)
        {
            case LedgerStatus.Reserved:
                _openHolds[request.CallId] = new OpenHold(request.CallId, outcome.Amount, request.Provider, request.Model, price.Version,
                    request.ProjectId, outcome.ExpiresAt ?? DateTimeOffset.UtcNow + _options.HoldTtl);
                await EnsureSweepAsync();
                return new ReserveResult(ReserveStatus.Reserved, outcome.Amount, _balance, 0m, outcome.ExpiresAt, price.Version);
            case LedgerStatus.Replayed:
                var existing = _openHolds.GetValueOrDefault(request.CallId) ?? await store.FindHoldAsync(UserId, request.CallId);
                if (existing is not null)
                {
                    _openHolds[request.CallId] = existing;
                }

                return new ReserveResult(ReserveStatus.Replayed, outcome.Amount, _balance, 0m, outcome.ExpiresAt, existing?.PriceVersion);
            case LedgerStatus.Insufficient:
                return new ReserveResult(ReserveStatus.InsufficientCredits, amount, _balance, amount - _balance.Available, null, price.Version);
            case LedgerStatus.AlreadySettled:
                return new ReserveResult(ReserveStatus.AlreadySettled, outcome.Amount, _balance, 0m, null, null);
            case LedgerStatus.Conflict:
                logger.LogWarning("Call id {CallId} is held by another user; reservation for user {UserId} refused", request.CallId, UserId);
                return new ReserveResult(ReserveStatus.Conflict, 0m, _balance, 0m, null, null);
            default:
                throw new InvalidOperationException($"Unexpected ledger_reserve status '{outcome.Status}'.");
        }
    }

    public async Task<SettleResult> SettleAsync(SettleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.CallId, "call id");
        var usage = request.Usage ?? throw new ArgumentException("A settle needs the usage the provider reported.");
        if (usage.InputTokens < 0 || usage.OutputTokens < 0 || usage.Images < 0 || usage.ResponseMs < 0
            || usage.CachedInputTokens < 0 || usage.ReasoningTokens < 0 || usage.CacheWriteTokens < 0
            || usage.ProviderReportedCostUsd < 0 || string.IsNullOrWhiteSpace(usage.TaskType))
        {
            throw new ArgumentException("Usage figures cannot be negative and need a task type.");
        }

        // The parts must fit in their wholes, or a cheaper price would be applied to tokens that were never there.
        if ((long)usage.CachedInputTokens + usage.CacheWriteTokens > usage.InputTokens || usage.ReasoningTokens > usage.OutputTokens)
        {
            throw new ArgumentException("Cached and cache-written tokens are parts of the input tokens, reasoning tokens part of the output tokens.");
        }

        var hold = _openHolds.GetValueOrDefault(request.CallId) ?? await store.FindHoldAsync(UserId, request.CallId);
        if (hold is null)
        {
            return new SettleResult(SettleStatus.HoldNotFound, null, 0m, 0m, _balance);
        }

        if (!string.Equals(hold.Provider, usage.Provider, StringComparison.Ordinal) || !string.Equals(hold.Model, usage.Model, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Call {request.CallId} reserved {hold.Provider}/{hold.Model} but settles {usage.Provider}/{usage.Model}; reserve per model.");
        }

        var price = await PriceVersionAsync(hold.Provider, hold.Model, hold.PriceVersion);
        var computed = price.CostUsd(usage);
        var charged = usage.ProviderReportedCostUsd is { } reported ? CreditMath.RoundUp(reported, CreditMath.UsdScale) : computed;
        WarnOnCostDisagreement(request.CallId, usage, computed, charged);
        var credits = CreditMath.Credits(charged, _options.CreditValueUsd, _options.Markup);

        var settled = usage with { ProjectId = usage.ProjectId ?? hold.ProjectId };
        var outcome = _options.BatchWrites
            ? await batchWriter.SettleAsync(new SettleOperation(UserId, request.CallId, settled, hold.PriceVersion, computed, charged, credits))
            : await store.SettleAsync(UserId, request.CallId, settled, hold.PriceVersion, computed, charged, credits);
        _balance = new CreditBalance(outcome.Balance, outcome.Held);
        if (outcome.Status is not LedgerStatus.NotFound)
        {
            _openHolds.Remove(request.CallId);
        }

        if (outcome.Status is LedgerStatus.Settled or LedgerStatus.SettledPartial)
        {
            LedgerMetrics.Settled(usage.Provider, usage.Model, usage.TaskType, outcome.CostUsd, outcome.Amount);
            // What the call cost, not what could be charged: a runaway call against a small balance is the spike to see.
            WatchSpend(request.CallId, settled.ProjectId, credits);
        }

        return outcome.Status switch
        {
            LedgerStatus.Settled => new SettleResult(SettleStatus.Settled, outcome.RowId, outcome.Amount, outcome.CostUsd, _balance),
            LedgerStatus.SettledPartial => LogPartial(request.CallId, credits, outcome),
            LedgerStatus.Replayed => new SettleResult(SettleStatus.Replayed, outcome.RowId, outcome.Amount, outcome.CostUsd, _balance),
            LedgerStatus.Voided => new SettleResult(SettleStatus.HoldVoided, null, 0m, 0m, _balance),
            LedgerStatus.NotFound => new SettleResult(SettleStatus.HoldNotFound, null, 0m, 0m, _balance),
            _ => throw new InvalidOperationException($"Unexpected ledger_settle status '{outcome.Status}'."),
        };
    }

    public async Task<VoidResult> VoidAsync(string callId)
    {
        RequireKey(callId, "call id");
        var outcome = await store.VoidAsync(UserId, callId);
        _balance = new CreditBalance(outcome.Balance, outcome.Held);
        _openHolds.Remove(callId);
        return outcome.Status switch
        {
            LedgerStatus.Voided => new VoidResult(VoidStatus.Voided, outcome.Amount, _balance),
            LedgerStatus.Replayed => new VoidResult(VoidStatus.Replayed, 0m, _balance),
            LedgerStatus.AlreadySettled => new VoidResult(VoidStatus.AlreadySettled, 0m, _balance),
            LedgerStatus.NotFound => new VoidResult(VoidStatus.HoldNotFound, 0m, _balance),
            _ => throw new InvalidOperationException($"Unexpected ledger_void status '{outcome.Status}'."),
        };
    }

    public Task<CreditBalance> GetBalanceAsync() => Task.FromResult(_balance);

    public Task<CreditHistoryPage> GetHistoryAsync(int limit, long? before) =>
        store.GetHistoryAsync(UserId, Math.Clamp(limit, 1, 100), before);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != HoldExpiryReminder)
        {
            return;
        }

        var (openHolds, _, balance) = await store.ExpireHoldsAsync(UserId);
        _balance = balance;
        if (openHolds == 0)
        {
            _openHolds.Clear();
            var reminder = await this.GetReminder(HoldExpiryReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            _sweepScheduled = false;
        }
        else if (openHolds != _openHolds.Count)
        {
            _openHolds.Clear();
            foreach (var hold in await store.GetOpenHoldsAsync(UserId))
            {
                _openHolds[hold.CallId] = hold;
            }
        }
    }

    private async Task EnsureSweepAsync()
    {
        if (_sweepScheduled)
        {
            return;
        }

        // The first sweep comes when the first hold can have expired; then every sweep period while holds are open.
        await this.RegisterOrUpdateReminder(HoldExpiryReminder, _options.HoldTtl + TimeSpan.FromSeconds(1), _options.HoldSweepPeriod);
        _sweepScheduled = true;
    }

    /// <summary>
    /// The catalogue's current price, remembered for <see cref="CreditOptions.PriceCacheDuration"/> so that a busy
    /// user's requests do not each ask the catalogue grain; a price change applies within that time.
    /// </summary>
    private async Task<ModelPrice?> CurrentPriceAsync(string provider, string model)
    {
        var now = DateTime.UtcNow;
        if (_currentPrices.TryGetValue((provider, model), out var cached) && cached.Until > now)
        {
            return cached.Price;
        }

        var price = await GrainFactory.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey).GetPriceAsync(provider, model);
        if (price is not null)
        {
            _currentPrices[(provider, model)] = (price, now + _options.PriceCacheDuration);
            _priceVersions[(provider, model, price.Version)] = price;
        }

        return price;
    }

    private async Task<ModelPrice> PriceVersionAsync(string provider, string model, int version)
    {
        if (_priceVersions.TryGetValue((provider, model, version), out var cached))
        {
            return cached;
        }

        var price = await GrainFactory.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey).GetPriceVersionAsync(provider, model, version)
                    ?? throw new InvalidOperationException($"Price version {version} of {provider}/{model} is missing from model_pricing.");
        _priceVersions[(provider, model, version)] = price;
        return price;
    }

    private void WarnOnCostDisagreement(string callId, ModelUsage usage, decimal computed, decimal charged)
    {
        if (usage.ProviderReportedCostUsd is null)
        {
            return;
        }

        var difference = Math.Abs(charged - computed);
        var reference = Math.Max(computed, charged);
        if (reference > 0 && difference / reference > _options.ProviderCostTolerance)
        {
            logger.LogWarning(Alerts.ProviderCostMismatch,
                "Operator alert: provider-reported cost differs from the price list for call {CallId} ({Provider}/{Model}): provider {ProviderCost} USD, computed {ComputedCost} USD; charging the provider's figure",
                callId, usage.Provider, usage.Model, charged, computed);
        }
    }

    /// <summary>
    /// Raises a cost-spike alert for a call above <see cref="CreditOptions.SpikeCreditsPerCall"/>, or for this user's
    /// last hour above <see cref="CreditOptions.SpikeCreditsPerHour"/>; each kind at most once an hour.
    /// </summary>
    private void WatchSpend(string callId, Guid? projectId, decimal credits)
    {
        var now = time.GetUtcNow();
        _recentSpend.Enqueue((now, credits));
        _recentTotal += credits;
        while (_recentSpend.TryPeek(out var oldest) && now - oldest.At > TimeSpan.FromHours(1))
        {
            _recentTotal -= _recentSpend.Dequeue().Credits;
        }

        if (credits > _options.SpikeCreditsPerCall && now - _lastCallSpikeAlert >= TimeSpan.FromHours(1))
        {
            _lastCallSpikeAlert = now;
            logger.LogWarning(Alerts.CostSpike, "Operator alert: cost spike: call {CallId} of user {UserId}, project {ProjectId}, cost {Credits} credits",
                callId, UserId, projectId, credits);
        }

        if (_recentTotal > _options.SpikeCreditsPerHour && now - _lastHourSpikeAlert >= TimeSpan.FromHours(1))
        {
            _lastHourSpikeAlert = now;
            logger.LogWarning(Alerts.CostSpike, "Operator alert: cost spike: user {UserId} spent {HourCredits} credits in the last hour (latest call {CallId}, project {ProjectId})",
                UserId, _recentTotal, callId, projectId);
        }
    }

    private SettleResult LogPartial(string callId, decimal wanted, LedgerOutcome outcome)
    {
        logger.LogWarning("Call {CallId} of user {UserId} cost {Wanted} credits but only {Charged} were available; charge capped",
            callId, UserId, wanted, outcome.Amount);
        return new SettleResult(SettleStatus.SettledPartially, outcome.RowId, outcome.Amount, outcome.CostUsd, _balance);
    }

    private LedgerPostResult ToPostResult(LedgerOutcome outcome)
    {
        _balance = new CreditBalance(outcome.Balance, outcome.Held);
        var status = outcome.Status switch
        {
            LedgerStatus.Posted => LedgerPostStatus.Posted,
            LedgerStatus.Replayed => LedgerPostStatus.Replayed,
            LedgerStatus.Insufficient => LedgerPostStatus.InsufficientCredits,
            LedgerStatus.Conflict => LedgerPostStatus.Conflict,
            _ => throw new InvalidOperationException($"Unexpected ledger_post status '{outcome.Status}'."),
        };
        return new LedgerPostResult(status, outcome.RowId, outcome.Amount, _balance);
    }

    private static decimal RoundCredits(decimal credits) => CreditMath.RoundUp(credits, CreditMath.CreditScale);

    private static void RequireKey(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A {what} is required (1 to {MaxKeyLength} characters).");
        }
    }

    public async Task<CreditLimits> SetLimitsAsync(CreditLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Daily < 0 || limits.Monthly < 0)
        {
            throw new ArgumentException("A credit limit cannot be negative (0 means no limit).");
        }

        await store.SetLimitsAsync(UserId, limits);
        _limits = limits;
        return limits;
    }

    public async Task<CreditLimits> GetLimitsAsync() => _limits ??= await store.GetLimitsAsync(UserId);

    /// <summary>
    /// The daily or monthly limit this reservation would pass, if any: charges in the UTC day (month), plus credits
    /// held for calls in flight, plus this amount. Users without limits cost no query.
    /// </summary>
    private async Task<CreditLimitHit?> LimitHitAsync(decimal amount)
    {
        var own = await GetLimitsAsync();
        var daily = own.Daily ?? _options.DefaultDailyLimit;
        var monthly = own.Monthly ?? _options.DefaultMonthlyLimit;
        if (daily <= 0 && monthly <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var (day, month) = await store.SpentAsync(UserId, dayStart, monthStart);
        if (daily > 0 && day + _balance.Held + amount > daily)
        {
            return new CreditLimitHit("daily", daily, day + _balance.Held, dayStart.AddDays(1));
        }

        return monthly > 0 && month + _balance.Held + amount > monthly
            ? new CreditLimitHit("monthly", monthly, month + _balance.Held, monthStart.AddMonths(1))
            : null;
    }
}
