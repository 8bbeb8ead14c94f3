namespace DevBot.GrainInterfaces.Projects;

/// <summary>A worker's report of one step: which step and attempt, and its typed result.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepReport")]
public sealed record StepReport(string StepId, int Attempt, StepResult Result);
