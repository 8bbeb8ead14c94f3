namespace DevBot.Grains.Projects;

/// <summary>Whether to retry a step that failed, or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Grains.Projects.StepDecision")]
public sealed record StepDecision(DevBot.GrainInterfaces.Projects.StepKind Step) : PendingDecision;
