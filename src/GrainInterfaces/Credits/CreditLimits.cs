namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// A user's spending limits in credits. Null means the configured default (<c>Credits__DefaultDailyLimit</c>,
/// <c>Credits__DefaultMonthlyLimit</c>); 0 means no limit for this user whatever the default.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditLimits")]
public sealed record CreditLimits(decimal? Daily, decimal? Monthly);
