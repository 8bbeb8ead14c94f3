namespace DevBot.GrainInterfaces.Projects;

/// <summary>DevBot could not continue because of an internal problem; the user may retry or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedInternalProblem")]
public sealed record PausedInternalProblem(int Tries) : ProjectPaused;
