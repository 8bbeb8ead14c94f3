namespace DevBot.GrainInterfaces.Keys;

/// <summary>A lease, or why there is none: when every usable key is cooling down, how long until one is free.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Keys.LeaseResult")]
public sealed record LeaseResult(ApiKeyLease? Lease, TimeSpan? RetryAfter, string? Reason);
