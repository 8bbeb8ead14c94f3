namespace DevBot.GrainInterfaces.Admin;

/// <summary>One metered model call, as the per-call usage log shows it.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.UsageLogRow")]
public sealed record UsageLogRow(long UsageId, DateTimeOffset At, long UserId, Guid? ProjectId, string Provider, string Model, long? KeyId, string TaskType,
    long InputTokens, long OutputTokens, decimal CostUsd, decimal Credits);
