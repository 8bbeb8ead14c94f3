using System.Collections.Concurrent;
using DevBot.Bot.Console;
using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.FrontEnd;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Relay;

/// <summary>
/// Tells users what their projects do. Project events arrive live through an observer, but the observer is only a
/// nudge: the relay always reads the project's numbered events after the last one it showed, shows them in order,
/// and acknowledges them to the project, so a relay that was down (or an observer lost with a silo) catches up from
/// the acknowledged number. Progress edits one message in place, at most every
/// <see cref="BotOptions.ProgressEditInterval"/>; questions, prompts and deliveries are messages of their own.
/// One project's trouble (a chat that blocked the bot, a failing send) never holds up another's.
/// </summary>
public sealed class ProjectRelay(
    IGrainFactory grains,
    IChatSender chat,
    ChatAudience audience,
    BotLeadership leadership,
    IOptions<BotOptions> options,
    IOptions<PaymentOptions> payments,
    TimeProvider time,
    ILogger<ProjectRelay> logger) : IProjectObserver
{
    private const int Page = 50;

    /// <summary>Tries of one event before it is given up (with a note to the user where possible).</summary>
    private const int MaxTries = 5;

    private static readonly TimeSpan IdleEviction = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<Guid, TrackedProject> _projects = new();
    private IProjectObserver? _reference;

    /// <summary>
    /// Follows a project from the last event its user was shown (<paramref name="deliveredSeq"/>, or the stored number
    /// when not given), so that nothing already shown is shown again after a restart.
    /// </summary>
    public async Task TrackAsync(Guid projectId, long userId, long? deliveredSeq = null)
    {
        if (!audience.Includes(userId))
        {
            return;
        }

        if (_projects.TryGetValue(projectId, out var known))
        {
            // The user is talking to the bot again: a chat that was unreachable may be back, and the language is read
            // again (the user may have changed Telegram's).
            known.Unreachable = false;
            known.Language = null;
            return;
        }

        var delivered = deliveredSeq ?? await grains.GetGrain<IFrontEndGrain>(0).GetDeliveredSeqAsync(projectId);
        var tracked = _projects.GetOrAdd(projectId, id => new TrackedProject(id, userId, delivered, time.GetUtcNow()));
        await SubscribeQuietlyAsync(tracked);
    }

    public bool IsTracking(Guid projectId) => _projects.ContainsKey(projectId);

    /// <summary>Looks for events not yet shown, of any project of this relay's audience, and shows them now.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (leadership.IsLeader)
        {
            await SweepAsync(cancellationToken);
        }
    }

    /// <summary>The last event shown of a project this relay follows (0 when it does not follow it).</summary>
    public long DeliveredThrough(Guid projectId) => _projects.TryGetValue(projectId, out var t) ? Volatile.Read(ref t.Delivered) : 0;

    /// <summary>Shows what is new of a project now (the observer's nudge, or a caller that knows something happened).</summary>
    public async Task PumpAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        if (_projects.TryGetValue(projectId, out var tracked) && leadership.IsLeader)
        {
            await PumpAsync(tracked, cancellationToken);
        }
    }

    /// <summary>Shows what is new of a project soon, without making the caller wait for the sending.</summary>
    public void Nudge(Guid projectId) => _ = PumpQuietlyAsync(projectId);

    Task IProjectObserver.OnEventAsync(ProjectEvent projectEvent)
    {
        if (_projects.ContainsKey(projectEvent.ProjectId))
        {
            Nudge(projectEvent.ProjectId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs until cancelled: registers the observer, then catches up and renews subscriptions periodically.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IProjectObserver>(this);
        var typing = TypeWhileWorkingAsync(cancellationToken);
        try
        {
            using var timer = new PeriodicTimer(options.Value.CatchUpInterval, time);
            do
            {
                if (leadership.IsLeader)
                {
                    try
                    {
                        await SweepAsync(cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning(ex, "Catching up on project events failed; trying again in {Interval}", options.Value.CatchUpInterval);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IProjectObserver>(_reference);
            await typing;
        }
    }

    /// <summary>
    /// "typing…" in the chat of every project whose step runs, renewed before Telegram's five seconds run out, so
    /// the user sees the bot at work during a long step; it stops when the project waits for the user or ends.
    /// </summary>
    private async Task TypeWhileWorkingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.TypingInterval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!leadership.IsLeader)
                {
                    continue;
                }

                foreach (var tracked in _projects.Values.Where(t => !t.Ended && !t.Unreachable))
                {
                    try
                    {
                        var status = await grains.GetGrain<IProjectGrain>(tracked.ProjectId).GetStatusAsync();
                        tracked.Working = !ProjectTexts.IsUsersTurn(status) && status.State != ProjectState.Paused;
                        if (tracked.Working)
                        {
                            await chat.SendTypingAsync(tracked.UserId, cancellationToken);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        logger.LogDebug(ex, "No typing action for project {ProjectId} this time", tracked.ProjectId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in await grains.GetGrain<IFrontEndGrain>(0).GetUndeliveredProjectsAsync(audience.FromUserId, audience.ToUserId, 500))
        {
            await TrackAsync(pending.ProjectId, pending.UserId, pending.DeliveredSeq);
        }

        var now = time.GetUtcNow();
        foreach (var tracked in _projects.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tracked.RetryAt > now)
            {
                continue;
            }

            if (!tracked.Ended)
            {
                // Subscriptions live in the project's activation: renewed here, they outlive silos and expiry.
                await SubscribeQuietlyAsync(tracked);
            }

            await PumpQuietlyAsync(tracked.ProjectId);
            // Projects that ended, or went quiet, are dropped; the undelivered query brings them back when they speak.
            if ((tracked.Ended || now - tracked.LastActivity > IdleEviction) && !tracked.EditPending && tracked.RetryAt <= now)
            {
                _projects.TryRemove(tracked.ProjectId, out _);
            }
        }
    }

    private async Task PumpAsync(TrackedProject tracked, CancellationToken cancellationToken)
    {
        var project = grains.GetGrain<IProjectGrain>(tracked.ProjectId);
        await tracked.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var events = await project.GetEventsAsync(tracked.Delivered, Page);
                foreach (var projectEvent in events)
                {
                    await DeliverOrGiveUpAsync(tracked, project, projectEvent, cancellationToken);
                    Volatile.Write(ref tracked.Delivered, projectEvent.Seq);
                    tracked.LastActivity = time.GetUtcNow();
                }

                if (events.Count > 0)
                {
                    await project.AcknowledgeEventsAsync(tracked.UserId, tracked.Delivered);
                }

                if (events.Count < Page)
                {
                    break;
                }
            }

            tracked.RetryAt = DateTimeOffset.MinValue;
        }
        finally
        {
            tracked.Gate.Release();
        }
    }

    /// <summary>
    /// Delivers an event; a chat that blocked the bot skips it, and an event that keeps failing is given up after
    /// <see cref="MaxTries"/> (the project backs off between tries and holds nobody else up).
    /// </summary>
    private async Task DeliverOrGiveUpAsync(TrackedProject tracked, IProjectGrain project, ProjectEvent e, CancellationToken cancellationToken)
    {
        if (tracked.Unreachable)
        {
            return;
        }

        try
        {
            await DeliverAsync(tracked, project, e, cancellationToken);
            tracked.Failures = 0;
        }
        catch (ChatUnreachableException ex)
        {
            logger.LogInformation("Chat of user {UserId} cannot be reached ({Reason}); project {ProjectId}'s events are skipped", tracked.UserId, ex.Message, tracked.ProjectId);
            tracked.Unreachable = true;
        }
        catch (Exception ex) when (ClusterUnavailable.Is(ex))
        {
            // No silo answers: the event is not at fault and is tried again, without counting, once the cluster is back.
            tracked.RetryAt = time.GetUtcNow() + TimeSpan.FromSeconds(2);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (++tracked.Failures < MaxTries)
            {
                tracked.RetryAt = time.GetUtcNow() + TimeSpan.FromSeconds(1 << tracked.Failures);
                throw;
            }

            logger.LogError(ex, "Giving up event {Seq} ({Kind}) of project {ProjectId} after {Tries} tries", e.Seq, e.Kind, tracked.ProjectId, MaxTries);
            tracked.Failures = 0;
            var l = tracked.Language ?? ChatLanguage.English;
            await TellQuietlyAsync(tracked, e.Kind is ProjectEventKind.Delivered or ProjectEventKind.Cancelled
                ? l.Text("relay.packageLost", "I could not send you the package; /history has a download button for it.")
                : l.Text("relay.updateLost", "I could not show you an update of your project; /status shows where it is."));
        }
    }

    private async Task DeliverAsync(TrackedProject tracked, IProjectGrain project, ProjectEvent e, CancellationToken cancellationToken)
    {
        if (tracked.Title is null || e.Kind is ProjectEventKind.ScopeProposed)
        {
            tracked.Title = (await project.GetStatusAsync()).Title;
        }

        // The user's language, as Telegram last told it (from the profile /start and every message keep).
        var language = tracked.Language ??= ChatLanguage.Of((await grains.GetGrain<IUserGrain>(tracked.UserId).GetSummaryAsync()).Profile.LanguageCode);

        if (ProjectTexts.IsProgress(e))
        {
            await ShowProgressAsync(tracked, ProjectTexts.Progress(tracked.Title, e, language), cancellationToken);
            return;
        }

        // What was held back of the progress goes out first, so the chat reads in order.
        await FlushProgressAsync(tracked, cancellationToken);
        // An event with two parts (a message, then the package) resumes after the part that was sent.
        if (tracked.TextSentFor != e.Seq)
        {
            // A delivery says the balance it leaves (read now: the project's last requests are settled by then).
            var balance = e.Kind is ProjectEventKind.Delivered ? await grains.GetGrain<ICreditLedgerGrain>(tracked.UserId).GetBalanceAsync() : null;
            var (html, buttons) = ProjectTexts.Message(tracked.Title, e, new ChatMoney(payments.Value.StarsPerCredit, balance), language);
            // The project has moved on: the buttons of its previous question (answered by a message, or passed) go.
            if (tracked.KeyboardMessageId is { } previous)
            {
                tracked.KeyboardMessageId = null;
                try
                {
                    await chat.EditButtonsAsync(tracked.UserId, previous, null, cancellationToken);
                }
                catch (Exception ex) when (ex is not ChatUnreachableException and not OperationCanceledException and not OutOfMemoryException && !ClusterUnavailable.Is(ex))
                {
                    // Cosmetic: the event itself still goes out.
                    logger.LogDebug(ex, "Could not remove the buttons of message {MessageId} in chat {ChatId}", previous, tracked.UserId);
                }
            }

            var sent = await chat.SendTextAsync(tracked.UserId, html, buttons, cancellationToken);
            tracked.KeyboardMessageId = buttons.Count > 0 ? sent : null;
            tracked.TextSentFor = e.Seq;
            // The next progress gets a fresh message below this one.
            tracked.ProgressMessageId = null;
            tracked.ProgressShown = null;
        }

        if (e.Kind is ProjectEventKind.Delivered or ProjectEventKind.Cancelled or ProjectEventKind.Failed)
        {
            tracked.Ended = true;
        }

        if (e.Kind is ProjectEventKind.Delivered or ProjectEventKind.Cancelled && await project.GetPackageAsync(tracked.UserId) is { } package)
        {
            // The cost and what to do next were said in the message above; the file's caption only names it.
            var caption = Html.Bold(tracked.Title) + (package.Partial ? language.Text("caption.partial", " (partial: the work done before you stopped it)") : string.Empty);
            if (tracked.DocumentSentFor != e.Seq)
            {
                await chat.SendDocumentAsync(tracked.UserId, package.FileName, package.Content, caption, cancellationToken);
                tracked.DocumentSentFor = e.Seq;
            }

            if (e.Kind is ProjectEventKind.Delivered)
            {
                var (prompt, stars) = ProjectTexts.RatingPrompt(tracked.ProjectId, tracked.Title, language);
                tracked.KeyboardMessageId = await chat.SendTextAsync(tracked.UserId, prompt, stars, cancellationToken);
            }
        }
    }

    private async Task ShowProgressAsync(TrackedProject tracked, string html, CancellationToken cancellationToken)
    {
        tracked.ProgressText = html;
        var now = time.GetUtcNow();
        if (tracked.ProgressMessageId is null)
        {
            tracked.ProgressMessageId = await chat.SendTextAsync(tracked.UserId, html, null, cancellationToken);
            tracked.ProgressShown = html;
            tracked.LastEdit = now;
            return;
        }

        var wait = tracked.LastEdit + options.Value.ProgressEditInterval - now;
        if (wait <= TimeSpan.Zero)
        {
            await FlushProgressAsync(tracked, cancellationToken);
        }
        else if (!tracked.EditPending)
        {
            tracked.EditPending = true;
            _ = FlushLaterAsync(tracked, wait);
        }
    }

    /// <summary>Shows the latest progress text; the caller holds the project's gate.</summary>
    private async Task FlushProgressAsync(TrackedProject tracked, CancellationToken cancellationToken)
    {
        if (tracked.ProgressMessageId is { } messageId && tracked.ProgressText is { } text && text != tracked.ProgressShown)
        {
            tracked.ProgressMessageId = await chat.EditTextAsync(tracked.UserId, messageId, text, null, cancellationToken);
            tracked.ProgressShown = text;
            tracked.LastEdit = time.GetUtcNow();
        }
    }

    private async Task FlushLaterAsync(TrackedProject tracked, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, time);
            await tracked.Gate.WaitAsync();
            try
            {
                if (!tracked.Unreachable)
                {
                    await FlushProgressAsync(tracked, CancellationToken.None);
                }
            }
            finally
            {
                tracked.EditPending = false;
                tracked.Gate.Release();
            }
        }
        catch (ChatUnreachableException)
        {
            tracked.Unreachable = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not update the progress message of project {ProjectId}", tracked.ProjectId);
        }
    }

    private async Task TellQuietlyAsync(TrackedProject tracked, string text)
    {
        try
        {
            await chat.SendTextAsync(tracked.UserId, Html.Escape(text));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not tell user {UserId} about a lost update", tracked.UserId);
        }
    }

    private async Task PumpQuietlyAsync(Guid projectId)
    {
        try
        {
            await PumpAsync(projectId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The periodic sweep tries again; the acknowledged number did not move.
            logger.LogWarning(ex, "Could not relay the events of project {ProjectId} now; the sweep will try again", projectId);
        }
    }

    private async Task SubscribeQuietlyAsync(TrackedProject tracked)
    {
        if (_reference is null)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IProjectGrain>(tracked.ProjectId).SubscribeAsync(_reference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not subscribe to project {ProjectId}; the sweep tries again", tracked.ProjectId);
        }
    }

    /// <summary>What the relay knows of one project; fields are changed under <see cref="Gate"/>.</summary>
    private sealed class TrackedProject(Guid projectId, long userId, long delivered, DateTimeOffset now)
    {
        public long Delivered = delivered;

        public Guid ProjectId { get; } = projectId;

        public long UserId { get; } = userId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? Title { get; set; }

        public bool Ended { get; set; }

        public bool Unreachable { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset RetryAt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastActivity { get; set; } = now;

        public long TextSentFor { get; set; }

        public int? ProgressMessageId { get; set; }

        public string? ProgressText { get; set; }

        public string? ProgressShown { get; set; }

        public DateTimeOffset LastEdit { get; set; }

        public bool EditPending { get; set; }

        public int? KeyboardMessageId { get; set; }

        public long DocumentSentFor { get; set; }

        public ChatLanguage? Language { get; set; }

        /// <summary>A step runs (the project is not waiting for the user): the chat shows "typing…".</summary>
        public bool Working { get; set; }
    }
}
