namespace DevBot.GrainInterfaces.Credits;

/// <summary>The charge of one model request: credits taken and the USD cost they were computed from.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.SettleResult")]
public sealed record SettleResult(SettleStatus Status, long? UsageId, decimal CreditsCharged, decimal CostUsd, CreditBalance Balance);
