namespace DevBot.Grains.Projects;

/// <summary>Whether to try again after DevBot could not continue for reasons of its own, or stop.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Grains.Projects.InfrastructureDecision")]
public sealed record InfrastructureDecision : PendingDecision;
