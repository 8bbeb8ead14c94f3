namespace DevBot.Grains.Projects;

/// <summary>Whether to retry or skip a review that keeps reporting the same gaps (phase 0: the final review).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Grains.Projects.ReviewDecision")]
public sealed record ReviewDecision(int Phase) : PendingDecision;
