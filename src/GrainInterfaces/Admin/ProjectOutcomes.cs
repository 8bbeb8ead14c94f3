namespace DevBot.GrainInterfaces.Admin;

/// <summary>
/// How projects created in a period went: ended how, how many still going or paused, time to delivery; from their
/// news: projects whose own tests passed, phase reviews passed and with gaps, and pauses for credits (balance, cap or
/// limit) and for loops (an item or a review repeating); users' ratings of delivered projects (1–5, once each).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.ProjectOutcomes")]
public sealed record ProjectOutcomes(long Completed, long Failed, long Cancelled, long InFlight, long Paused, double? MedianMinutesToDelivery,
    long TestsPassedProjects = 0, long ReviewsPassed = 0, long ReviewsWithGaps = 0, long CreditPauses = 0, long LoopPauses = 0,
    long RatedProjects = 0, decimal? AverageRating = null)
{
    /// <summary>Share of phase reviews that passed at once; null when there were none.</summary>
    public decimal? VerificationPassRate => ReviewsPassed + ReviewsWithGaps == 0 ? null : Math.Round(100m * ReviewsPassed / (ReviewsPassed + ReviewsWithGaps), 1);
}
