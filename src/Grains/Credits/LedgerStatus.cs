namespace DevBot.Grains.Credits;

/// <summary>What a ledger function did (the words the SQL functions of migration 0006 return, typed).</summary>
public enum LedgerStatus
{
    /// <summary>No answer yet (an unfilled slot of a batch).</summary>
    None = 0,
    Posted = 1,
    Replayed = 2,
    Insufficient = 3,
    Conflict = 4,
    Reserved = 5,
    AlreadySettled = 6,
    Settled = 7,
    SettledPartial = 8,
    Voided = 9,
    NotFound = 10,
}
