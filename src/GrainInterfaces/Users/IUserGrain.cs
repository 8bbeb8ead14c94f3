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

    /// <summary>The user's own referral code (for <c>/start ref_CODE</c> links), made on first use.</summary>
    Task<string> GetReferralCodeAsync();

    /// <summary>Records that the user came by the invitation of the user whose code this is (newcomers only, once).</summary>
    Task<InvitationOutcome> AcceptInvitationAsync(string code);

    /// <summary>After a purchase succeeded: the referral bonus for the user and their inviter, once; null when there is none.</summary>
    Task<ReferralReward?> RewardReferralAsync();

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

    /// <summary>
    /// How many days the data of the user's ended projects is kept (null: the service's default; a user can only
    /// shorten it). Returns the days that now apply.
    /// </summary>
    Task<int> SetRetentionAsync(int? days);

    /// <summary>How many days the data of the user's ended projects is kept.</summary>
    [ReadOnly]
    Task<int> GetRetentionAsync();

    /// <summary>Erases the user's personal data and purges their projects (ledger rows stay, anonymous); idempotent.</summary>
    Task<ForgetResult> ForgetAsync();

    /// <summary>
    /// The project's data was purged: its title is removed from the user's list. Interleaves: a purge may be running on
    /// behalf of this very grain (<see cref="ForgetAsync"/>).
    /// </summary>
    [AlwaysInterleave]
    Task ScrubProjectAsync(Guid projectId);

    /// <summary>Sets (or with null clears) the active project; refuses a project the user does not own.</summary>
    Task<bool> SetActiveProjectAsync(Guid? projectId);
}
