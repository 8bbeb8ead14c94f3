namespace DevBot.GrainInterfaces.Credits;

/// <summary>One row of a user's credit history; <paramref name="Credits"/> is signed.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditTransactionView")]
public sealed record CreditTransactionView(
    long TransactionId,
    string Kind,
    decimal Credits,
    decimal BalanceAfter,
    DateTimeOffset CreatedAt,
    string? Description,
    Guid? ProjectId,
    string? ExternalChargeId);
