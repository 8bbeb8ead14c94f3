namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user's credits ran out; the project goes on when the refused step's amount is available.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PausedForCredits")]
public sealed record PausedForCredits(decimal CreditsNeeded, DevBot.GrainInterfaces.Credits.CreditLimitHit? Limit = null) : ProjectPaused;
