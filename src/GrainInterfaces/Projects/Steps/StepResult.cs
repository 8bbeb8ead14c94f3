namespace DevBot.GrainInterfaces.Projects;

/// <summary>What a step produced, or why it did not: one subtype per step kind, and three for the ways any step can fail.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepResult")]
public abstract record StepResult;
