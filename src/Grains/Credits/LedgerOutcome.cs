namespace DevBot.Grains.Credits;

/// <summary>
/// A ledger function's answer: its status and the user's balance and held credits afterwards. The status word the SQL
/// function returns is read once, here (<see cref="LedgerStatuses.Parse"/>); an unknown word is an error, never a
/// string matched somewhere else.
/// </summary>
public readonly record struct LedgerOutcome(LedgerStatus Status, decimal Amount, decimal Balance, decimal Held, long? RowId, DateTimeOffset? ExpiresAt, decimal CostUsd = 0m)
{
    public LedgerOutcome(string status, decimal amount, decimal balance, decimal held, long? rowId, DateTimeOffset? expiresAt, decimal costUsd = 0m)
        : this(LedgerStatuses.Parse(status), amount, balance, held, rowId, expiresAt, costUsd)
    {
    }
}
