namespace DevBot.Grains.Credits;

/// <summary>A ledger function's answer: its status word and the user's balance and held credits afterwards.</summary>
public readonly record struct LedgerOutcome(string Status, decimal Amount, decimal Balance, decimal Held, long? RowId, DateTimeOffset? ExpiresAt, decimal CostUsd = 0m);
