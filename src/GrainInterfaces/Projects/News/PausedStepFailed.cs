namespace DevBot.GrainInterfaces.Projects;

/// <summary>A step failed; the user may retry or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedStepFailed")]
public sealed record PausedStepFailed(StepKind Step, string Detail) : ProjectPaused;
