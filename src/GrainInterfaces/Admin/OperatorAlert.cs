namespace DevBot.GrainInterfaces.Admin;

/// <summary>One incident operators are alerted to: what kind, about what, how often, and whether it was sent.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.OperatorAlert")]
public sealed record OperatorAlert(long AlertId, string Kind, string Subject, string Message, int Occurrences, DateTimeOffset FirstAt, DateTimeOffset LastAt, DateTimeOffset? NotifiedAt);
