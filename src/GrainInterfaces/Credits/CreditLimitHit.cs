namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// The per-user limit that refused a reservation: <paramref name="Period"/> is <c>daily</c> (a UTC day) or <c>monthly</c>
/// (a UTC calendar month); <paramref name="Spent"/> counts what was charged in it plus credits held for calls in flight.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditLimitHit")]
public sealed record CreditLimitHit(string Period, decimal Limit, decimal Spent, DateTimeOffset ResetsAt);
