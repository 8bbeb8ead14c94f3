namespace DevBot.GrainInterfaces.Admin;

/// <summary>How projects created in a period went: ended how, how many still going or paused, and time to delivery.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.ProjectOutcomes")]
public sealed record ProjectOutcomes(long Completed, long Failed, long Cancelled, long InFlight, long Paused, double? MedianMinutesToDelivery);
