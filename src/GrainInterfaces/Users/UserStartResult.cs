namespace DevBot.GrainInterfaces.Users;

/// <summary>Outcome of /start: whether the user is new and whether the free credits were granted by this call.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Users.UserStartResult")]
public sealed record UserStartResult(bool IsNewUser, bool InitialCreditsGranted, decimal InitialCredits, UserSummary Summary);
