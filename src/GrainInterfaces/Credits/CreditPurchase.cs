namespace DevBot.GrainInterfaces.Credits;

/// <summary>Credits bought; the payment provider's charge id is the idempotency key (a duplicate update credits once).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditPurchase")]
public sealed record CreditPurchase(string ExternalChargeId, decimal Credits, decimal PaidAmount, string PaidCurrency, string? Description);
