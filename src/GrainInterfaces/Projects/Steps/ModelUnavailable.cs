namespace DevBot.GrainInterfaces.Projects;

/// <summary>No model answered (every provider and key failed); the step can be tried again later.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ModelUnavailable")]
public sealed record ModelUnavailable(string Detail) : StepResult;
