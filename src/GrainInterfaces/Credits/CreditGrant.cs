namespace DevBot.GrainInterfaces.Credits;

/// <summary>Credits given (or, for an adjustment, taken) by DevBot; the idempotency key makes a retry a no-op.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditGrant")]
public sealed record CreditGrant(string IdempotencyKey, decimal Credits, GrantKind Kind, string? Description);
