using DevBot.Grains.Projects.Workflow;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Retention;
using DevBot.Grains.Projects;
using DevBot.Grains.Retention;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Grains.Users;

/// <summary>
/// One Telegram user. The free credits are a ledger grant with the key <c>initial:{user id}</c>, so they are
/// granted exactly once even if this grain's state were lost; the rate limit lives in memory (losable by design).
/// </summary>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Main)] IPersistentState<UserState> state,
    UserStore store,
    RetentionStore retention,
    IOptions<UserOptions> options,
    IOptions<RetentionOptions> retentionOptions,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly UserOptions _options = options.Value;
    private TokenBucket? _messages;

    private long UserId => this.GetPrimaryKeyLong();

    private ICreditLedgerGrain Ledger => GrainFactory.GetGrain<ICreditLedgerGrain>(UserId);

    public async Task<UserStartResult> StartAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var isNew = state.State.CreatedAt is null;
        await store.UpsertProfileAsync(UserId, profile);
        if (isNew || state.State.Profile != profile)
        {
            state.State.Profile = profile;
            state.State.CreatedAt ??= time.GetUtcNow();
            await state.WriteStateAsync();
        }

        var granted = false;
        if (_options.InitialCredits > 0)
        {
            var grant = await Ledger.GrantAsync(new CreditGrant($"initial:{UserId}", _options.InitialCredits, GrantKind.Initial, "welcome credits"));
            granted = grant.Status == LedgerPostStatus.Posted;
            if (granted)
            {
                await store.MarkInitialGrantAsync(UserId);
            }
        }

        return new UserStartResult(isNew, granted, granted ? _options.InitialCredits : 0m, await GetSummaryAsync());
    }

    public async Task<UserSummary> GetSummaryAsync()
    {
        var credits = await Ledger.GetBalanceAsync();
        return new UserSummary(UserId, state.State.Profile ?? new UserProfile(null, null, null, null), credits,
            credits.Available < _options.LowBalanceThreshold, state.State.ActiveProjectId, state.State.Projects.Count);
    }

    public Task<string> GetReferralCodeAsync() => store.ReferralCodeAsync(UserId);

    public async Task<InvitationOutcome> AcceptInvitationAsync(string code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 32 || !code.All(char.IsAsciiLetterOrDigit))
        {
            return InvitationOutcome.UnknownCode;
        }

        var inviter = await store.UserOfReferralCodeAsync(code);
        if (inviter is null)
        {
            return InvitationOutcome.UnknownCode;
        }

        if (inviter == UserId)
        {
            return InvitationOutcome.OwnCode;
        }

        // Only a newcomer: someone who has built with DevBot already is nobody's invitee now.
        if (state.State.Projects.Count > 0)
        {
            return InvitationOutcome.NotEligible;
        }

        return await store.RecordReferralAsync(UserId, inviter.Value) ? InvitationOutcome.Recorded : InvitationOutcome.NotEligible;
    }

    public async Task<ReferralReward?> RewardReferralAsync()
    {
        if (_options.ReferralBonus <= 0 || await store.InviterOfAsync(UserId) is not { } referral)
        {
            return null;
        }

        if (referral.Rewarded)
        {
            return new ReferralReward(referral.InviterId, _options.ReferralBonus, GrantedNow: false);
        }

        // Both grants carry keys of their own: a retry (the payment delivered again, a crash in between) posts nothing twice.
        var invitee = await Ledger.GrantAsync(new CreditGrant($"referral:{UserId}:invitee", _options.ReferralBonus, GrantKind.Referral, "referral bonus: you were invited"));
        var inviter = await GrainFactory.GetGrain<ICreditLedgerGrain>(referral.InviterId)
            .GrantAsync(new CreditGrant($"referral:{UserId}:inviter", _options.ReferralBonus, GrantKind.Referral, "referral bonus: a friend you invited"));
        if (!referral.Rewarded)
        {
            await store.MarkReferralRewardedAsync(UserId);
        }

        return new ReferralReward(referral.InviterId, _options.ReferralBonus,
            invitee.Status == LedgerPostStatus.Posted || inviter.Status == LedgerPostStatus.Posted);
    }

    public async Task UpdateProfileAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await store.UpsertProfileAsync(UserId, profile);
        state.State.Profile = profile;
        await state.WriteStateAsync();
    }

    public Task<RateLimitDecision> TryConsumeMessageAsync()
    {
        _messages ??= new TokenBucket(_options.MessageBurst, _options.MessagesPerMinute, time);
        var (allowed, retryAfter) = _messages.TryTake();
        return Task.FromResult(new RateLimitDecision(allowed, retryAfter));
    }

    public async Task AddProjectAsync(UserProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (state.State.Projects.Any(p => p.ProjectId == project.ProjectId))
        {
            return;
        }

        state.State.Projects.Add(project);
        state.State.ActiveProjectId = project.ProjectId;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<UserProject>> GetProjectsAsync() =>
        Task.FromResult<IReadOnlyList<UserProject>>(state.State.Projects.OrderByDescending(p => p.CreatedAt).ToList());

    public Task<bool> OwnsProjectAsync(Guid projectId) =>
        Task.FromResult(state.State.Projects.Any(p => p.ProjectId == projectId));

    public async Task<PurchaseOutcome> RecordPurchaseAsync(CreditPurchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        var result = await Ledger.PurchaseAsync(purchase);
        if (!result.Succeeded || state.State.ActiveProjectId is not { } projectId)
        {
            return new PurchaseOutcome(result, null);
        }

        // Also on a replayed purchase: the first delivery may have died between crediting and resuming. Resuming is a
        // courtesy: the credits are recorded whatever happens to it, and the user can resume from the chat.
        try
        {
            var project = GrainFactory.GetGrain<IProjectGrain>(projectId);
            var status = await project.GetStatusAsync();
            if (status is { State: ProjectState.Paused, Pause: PauseReason.NoCredits } && (await project.ResumeAsync(UserId, ResumeDecision.Retry)).Accepted)
            {
                return new PurchaseOutcome(result, projectId);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Credits of user {UserId} were recorded but project {ProjectId} could not be resumed", UserId, projectId);
        }

        return new PurchaseOutcome(result, null);
    }

    public async Task<int> SetRetentionAsync(int? days)
    {
        var standard = retentionOptions.Value.ProjectDays;
        // Users may keep their data for less time than the service does, never for more; asking for the standard or
        // more means following it (also when operators change it later).
        int? chosen = days is { } d && d < standard ? Math.Max(0, d) : null;
        await retention.SetUserRetentionAsync(UserId, chosen);
        return chosen ?? standard;
    }

    public async Task<int> GetRetentionAsync()
    {
        var standard = retentionOptions.Value.ProjectDays;
        return Math.Min(standard, await retention.UserRetentionAsync(UserId) ?? standard);
    }

    public async Task<ForgetResult> ForgetAsync()
    {
        var stopping = 0;
        var projects = state.State.Projects.ToList();
        foreach (var project in projects)
        {
            var grain = GrainFactory.GetGrain<IProjectGrain>(project.ProjectId);
            var status = await grain.GetStatusAsync();
            if (!status.State.IsTerminal())
            {
                // It stops at its next step boundary and is purged as soon as it has (the rows are marked below).
                await grain.CancelAsync(UserId);
                stopping++;
            }
        }

        await retention.ForgetUserAsync(UserId);
        state.State.Profile = new UserProfile(null, null, null, null);
        state.State.ActiveProjectId = null;
        state.State.Projects = projects.Select(p => p with { Title = ProjectWorkflow.PurgedTitle }).ToList();
        await state.WriteStateAsync();
        // Only this user's projects, now; the rest of the backlog is the reminder's.
        var purged = await GrainFactory.GetGrain<IRetentionGrain>(0).PurgeUserAsync(UserId);
        logger.LogInformation("User {UserId} forgotten: {Purged} project(s) purged, {Stopping} stopping", UserId, purged.Count, stopping);
        return new ForgetResult(UserId, purged.Count, stopping);
    }

    public async Task ScrubProjectAsync(Guid projectId)
    {
        var index = state.State.Projects.FindIndex(p => p.ProjectId == projectId);
        if (index >= 0 && state.State.Projects[index].Title != ProjectWorkflow.PurgedTitle)
        {
            state.State.Projects[index] = state.State.Projects[index] with { Title = ProjectWorkflow.PurgedTitle };
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> SetActiveProjectAsync(Guid? projectId)
    {
        if (projectId is { } id && state.State.Projects.All(p => p.ProjectId != id))
        {
            return false;
        }

        state.State.ActiveProjectId = projectId;
        await state.WriteStateAsync();
        return true;
    }
}
