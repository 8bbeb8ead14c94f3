namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The user's credits did not cover a model request; what the refused request needed, and the per-user limit that
/// refused it when it was a limit rather than the balance.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.CreditsExhausted")]
public sealed record CreditsExhausted(decimal CreditsNeeded, DevBot.GrainInterfaces.Credits.CreditLimitHit? Limit = null) : StepResult;
