using DevBot.GrainInterfaces.Credits;
using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Users;

/// <summary>One Telegram user (key: Telegram user id): profile, projects, active project, message rate limit.</summary>
[Alias("DevBot.Users.IUserGrain")]
public interface IUserGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the user if new and grants the initial free credits exactly once, ever.</summary>
    Task<UserStartResult> StartAsync(UserProfile profile);

    [ReadOnly]
    Task<UserSummary> GetSummaryAsync();

    Task UpdateProfileAsync(UserProfile profile);

    /// <summary>Counts one incoming message against the user's rate limit.</summary>
    Task<RateLimitDecision> TryConsumeMessageAsync();

    Task AddProjectAsync(UserProject project);

    [ReadOnly]
    Task<IReadOnlyList<UserProject>> GetProjectsAsync();

    [ReadOnly]
    Task<bool> OwnsProjectAsync(Guid projectId);

    /// <summary>
    /// Records a purchase in the ledger (keyed by the payment's charge id: a duplicate credits once) and resumes the
    /// active project when it was paused for credits.
    /// </summary>
    Task<PurchaseOutcome> RecordPurchaseAsync(CreditPurchase purchase);

    /// <summary>Sets (or with null clears) the active project; refuses a project the user does not own.</summary>
    Task<bool> SetActiveProjectAsync(Guid? projectId);
}
