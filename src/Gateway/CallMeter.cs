using DevBot.Gateway.Http;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// Bills one HTTP request of one model: reserve the worst case before it is sent, settle what the provider reported
/// afterwards, void the hold when no answer came. The same call id is used for all three, so a retried step is
/// never charged twice.
/// </summary>
internal sealed class CallMeter(ModelRef model, IGrainFactory grains, MeteringOptions metering, ILogger logger, Func<Task>? configuredPrices = null,
    IModelCallObserver? observer = null)
{
    private const int SettleAttempts = 3;

    public async Task<ModelPrice> PriceAsync()
    {
        if (configuredPrices is not null)
        {
            await configuredPrices();
        }

        return await grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey).GetPriceAsync(model.Provider, model.Model)
               ?? throw new UnknownModelException(model.Provider, model.Model, "it has no price in the catalogue");
    }

    public decimal MaxCredits(ModelPrice price, long inputTokens, long outputTokens)
    {
        var cost = CreditMath.CostUsd(price.InputUsdPerMillionTokens, price.OutputUsdPerMillionTokens, price.ImageUsd, inputTokens, outputTokens, 0);
        return Math.Max(CreditMath.Credits(cost, metering.CreditValueUsd, metering.Markup), 0.00000001m);
    }

    /// <summary>Reserves for the call, or throws the typed reason it may not be sent.</summary>
    public async Task ReserveAsync(ModelCall call, string callId, decimal maxCredits)
    {
        var reserve = await Ledger(call).ReserveAsync(new ReserveRequest(callId, maxCredits, model.Provider, model.Model, call.ProjectId));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(200);
        while (reserve.Status == ReserveStatus.InsufficientCredits && reserve.Balance.Held > 0 && reserve.Balance.Balance >= maxCredits
               && waited.Elapsed < metering.WaitForHeldCredits)
        {
            // The balance covers this request; other requests of the user hold the rest (steps beside each other, each
            // holding its worst case). Their holds settle to what they used when they answer: wait for that, not refuse.
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(2000, pause.TotalMilliseconds * 2));
            reserve = await Ledger(call).ReserveAsync(new ReserveRequest(callId, maxCredits, model.Provider, model.Model, call.ProjectId));
        }

        switch (reserve.Status)
        {
            case ReserveStatus.Reserved or ReserveStatus.Replayed:
                return;
            case ReserveStatus.InsufficientCredits:
                throw new InsufficientCreditsException(model.Provider, model.Model, reserve.Balance.Available, reserve.Shortfall);
            case ReserveStatus.LimitReached when reserve.Limit is { } limit:
                throw new CreditLimitReachedException(model.Provider, model.Model, maxCredits, limit);
            case ReserveStatus.UnknownModel:
                throw new UnknownModelException(model.Provider, model.Model, "it has no price in the catalogue");
            case ReserveStatus.AlreadySettled:
                throw new CallAlreadyBilledException(model.Provider, model.Model, callId);
            default:
                throw new InvalidOperationException($"Call id {callId} cannot be reserved: {reserve.Status}.");
        }
    }

    public async Task<SettleResult> SettleAsync(ModelCall call, string callId, BilledTokens tokens, TimeSpan elapsed, ProviderCallScope scope)
    {
        var usage = new ModelUsage(model.Provider, model.Model, call.TaskType, checked((int)tokens.InputTokens), checked((int)tokens.OutputTokens), 0,
            (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds), scope.KeyId, call.ProjectId, scope.ReportedCostUsd,
            checked((int)tokens.CachedInputTokens), checked((int)tokens.ReasoningTokens), checked((int)tokens.CacheWriteTokens));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Settling is idempotent by call id, so retrying after an unclear failure cannot charge twice.
                var settled = await Ledger(call).SettleAsync(new SettleRequest(callId, usage));
                Tell(call, callId, tokens, settled);
                return settled;
            }
            catch (Exception ex) when (attempt < SettleAttempts && ex is not ArgumentException)
            {
                logger.LogWarning(ex, "Settling call {CallId} failed (attempt {Attempt}); retrying", callId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    private void Tell(ModelCall call, string callId, BilledTokens tokens, SettleResult settled)
    {
        if (observer is null || settled.Status is SettleStatus.HoldNotFound or SettleStatus.HoldVoided)
        {
            return;
        }

        try
        {
            observer.Settled(new SettledCall(callId, model, call.UserId, call.ProjectId, call.TaskType, tokens, settled.CostUsd, settled.CreditsCharged,
                settled.Status == SettleStatus.Replayed));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The model call observer failed on call {CallId}", callId);
        }
    }

    /// <summary>Releases the hold of a call that got no answer; if this fails too, the hold expires on its own.</summary>
    public async Task VoidQuietlyAsync(ModelCall call, string callId)
    {
        try
        {
            await Ledger(call).VoidAsync(callId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Voiding call {CallId} failed; its hold will expire", callId);
        }
    }

    private ICreditLedgerGrain Ledger(ModelCall call) => grains.GetGrain<ICreditLedgerGrain>(call.UserId);
}
