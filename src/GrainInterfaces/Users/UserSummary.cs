using DevBot.GrainInterfaces.Credits;

namespace DevBot.GrainInterfaces.Users;

/// <summary>What the bot shows about a user; <paramref name="LowBalance"/> is set below the configured threshold.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Users.UserSummary")]
public sealed record UserSummary(long UserId, UserProfile Profile, CreditBalance Credits, bool LowBalance, Guid? ActiveProjectId, int ProjectCount);
