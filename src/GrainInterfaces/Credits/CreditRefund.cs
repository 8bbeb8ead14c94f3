namespace DevBot.GrainInterfaces.Credits;

/// <summary>Reverses a purchase: takes back the credits it added (refused when they are no longer available).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditRefund")]
public sealed record CreditRefund(string ExternalChargeId, string? Reason);
