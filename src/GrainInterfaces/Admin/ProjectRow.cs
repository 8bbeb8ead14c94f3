namespace DevBot.GrainInterfaces.Admin;

[GenerateSerializer, Immutable, Alias("DevBot.Admin.ProjectRow")]
public sealed record ProjectRow(
    Guid ProjectId,
    long UserId,
    string? Title,
    string State,
    decimal CreditsUsed,
    decimal? EstimateCredits,
    int TodoDone,
    int TodoTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    bool Purged);
