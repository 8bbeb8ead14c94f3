namespace DevBot.Grains.Credits;

/// <summary>The one place where the ledger functions' status words become <see cref="LedgerStatus"/>.</summary>
public static class LedgerStatuses
{
    public static LedgerStatus Parse(string word) => word switch
    {
        "posted" => LedgerStatus.Posted,
        "replayed" => LedgerStatus.Replayed,
        "insufficient" => LedgerStatus.Insufficient,
        "conflict" => LedgerStatus.Conflict,
        "reserved" => LedgerStatus.Reserved,
        "already_settled" => LedgerStatus.AlreadySettled,
        "settled" => LedgerStatus.Settled,
        "settled_partial" => LedgerStatus.SettledPartial,
        "voided" => LedgerStatus.Voided,
        "not_found" => LedgerStatus.NotFound,
        _ => throw new InvalidOperationException($"A ledger function answered '{word}', which this version does not know."),
    };
}
