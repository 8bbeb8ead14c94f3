namespace DevBot.GrainInterfaces.Projects;

/// <summary>A review keeps reporting the same gaps; the user may retry, skip the review or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedReviewRepeats")]
public sealed record PausedReviewRepeats(int Phase, IReadOnlyList<string> Gaps) : ProjectPaused;
