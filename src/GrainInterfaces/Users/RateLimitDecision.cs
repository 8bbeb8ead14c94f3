namespace DevBot.GrainInterfaces.Users;

[GenerateSerializer, Immutable, Alias("DevBot.Users.RateLimitDecision")]
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter);
