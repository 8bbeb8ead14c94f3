using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// The only writer of one user's credits (key: Telegram user id). Every mutation is one SQL transaction with an
/// idempotency key: a repeated call returns the first result and changes nothing. Available credits never go
/// below zero. Holds that are neither settled nor voided expire and give their credits back.
/// </summary>
[Alias("DevBot.Credits.ICreditLedgerGrain")]
public interface ICreditLedgerGrain : IGrainWithIntegerKey
{
    Task<LedgerPostResult> GrantAsync(CreditGrant grant);

    Task<LedgerPostResult> PurchaseAsync(CreditPurchase purchase);

    Task<LedgerPostResult> RefundAsync(CreditRefund refund);

    Task<ReserveResult> ReserveAsync(ReserveRequest request);

    Task<SettleResult> SettleAsync(SettleRequest request);

    Task<VoidResult> VoidAsync(string callId);

    [ReadOnly]
    Task<CreditBalance> GetBalanceAsync();

    [ReadOnly]
    Task<CreditHistoryPage> GetHistoryAsync(int limit, long? before);

    /// <summary>Sets the user's daily and monthly credit limits (operators); null keeps the configured default.</summary>
    Task<CreditLimits> SetLimitsAsync(CreditLimits limits);

    /// <summary>The user's limits as set (nulls: the defaults apply).</summary>
    Task<CreditLimits> GetLimitsAsync();
}
