namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user's credits did not cover a model request; what the refused request needed.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.CreditsExhausted")]
public sealed record CreditsExhausted(decimal CreditsNeeded) : StepResult;
