namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project spent its credit cap; the user may raise it or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedAtCap")]
public sealed record PausedAtCap(decimal CreditsUsed, decimal Cap) : ProjectPaused;
