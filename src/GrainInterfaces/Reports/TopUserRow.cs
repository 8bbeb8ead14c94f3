namespace DevBot.GrainInterfaces.Reports;

[GenerateSerializer, Immutable, Alias("DevBot.Reports.TopUserRow")]
public sealed record TopUserRow(long UserId, string? Username, long Requests, decimal CreditsCharged, decimal CostUsd, decimal CreditsPurchased);
