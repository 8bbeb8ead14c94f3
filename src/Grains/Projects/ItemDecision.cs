namespace DevBot.Grains.Projects;

/// <summary>Whether to retry, skip or stop at a TODO item that keeps failing.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Grains.Projects.ItemDecision")]
public sealed record ItemDecision(string ItemId) : PendingDecision;
