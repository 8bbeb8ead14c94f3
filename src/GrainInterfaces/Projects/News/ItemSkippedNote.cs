namespace DevBot.GrainInterfaces.Projects;

/// <summary>A TODO item was skipped at the user's request.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ItemSkippedNote")]
public sealed record ItemSkippedNote(string ItemId) : ProjectNote;
