namespace DevBot.GrainInterfaces.Projects;

/// <summary>A step was interrupted again and again (its server stopped); the user may retry or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedStepLost")]
public sealed record PausedStepLost(StepKind Step, int Times) : ProjectPaused;
