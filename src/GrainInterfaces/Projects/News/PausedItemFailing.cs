namespace DevBot.GrainInterfaces.Projects;

/// <summary>A TODO item keeps failing; the user may retry, skip it or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedItemFailing")]
public sealed record PausedItemFailing(string ItemId, int Attempts, bool SameEdit, string Detail) : ProjectPaused;
