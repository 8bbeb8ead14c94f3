namespace DevBot.Eval;

/// <summary>
/// What PostgreSQL holds for an eval user: the usage rows' count and sums, the ledger's usage debits, the balance, and
/// holds still open. The table's figures must equal these.
/// </summary>
public sealed record LedgerTotals(
    long UsageRows,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    decimal UsageCostUsd,
    decimal UsageCredits,
    decimal LedgerDebits,
    decimal Granted,
    decimal Balance,
    long OpenHolds);
