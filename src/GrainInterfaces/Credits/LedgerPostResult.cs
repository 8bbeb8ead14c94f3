namespace DevBot.GrainInterfaces.Credits;

[GenerateSerializer, Immutable, Alias("DevBot.Credits.LedgerPostResult")]
public sealed record LedgerPostResult(LedgerPostStatus Status, long? TransactionId, decimal Credits, CreditBalance Balance)
{
    public bool Succeeded => Status is LedgerPostStatus.Posted or LedgerPostStatus.Replayed;
}
