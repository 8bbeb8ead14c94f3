namespace DevBot.GrainInterfaces.Credits;

[GenerateSerializer, Immutable, Alias("DevBot.Credits.ReserveResult")]
public sealed record ReserveResult(ReserveStatus Status, decimal Amount, CreditBalance Balance, decimal Shortfall, DateTimeOffset? ExpiresAt, int? PriceVersion,
    CreditLimitHit? Limit = null)
{
    /// <summary>True when the request may be sent under this call id.</summary>
    public bool IsHeld => Status is ReserveStatus.Reserved or ReserveStatus.Replayed;
}
