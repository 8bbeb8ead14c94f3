namespace DevBot.GrainInterfaces.Projects;

/// <summary>The README was committed.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ReadmeResult")]
public sealed record ReadmeResult : StepResult;
