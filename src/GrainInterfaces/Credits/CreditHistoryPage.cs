namespace DevBot.GrainInterfaces.Credits;

/// <summary>Newest first; pass <paramref name="NextBefore"/> back to read the next (older) page.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditHistoryPage")]
public sealed record CreditHistoryPage(IReadOnlyList<CreditTransactionView> Items, long? NextBefore);
