namespace DevBot.GrainInterfaces.Projects;

/// <summary>A note stored by an earlier version, in English.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.LegacyNote")]
public sealed record LegacyNote(string Text) : ProjectNote;
