using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// One project (key: project id): its state machine and durable step loop. User commands are short; the work runs
/// as steps in the Architect and Implementer workers (a main step and, where allowed, reviews beside it), each
/// persisted before it is dispatched; a reminder picks a project up again after a silo died.
/// </summary>
[Alias("DevBot.Projects.IProjectGrain")]
public interface IProjectGrain : IGrainWithGuidKey
{
    /// <summary>Starts a project from the user's idea; the Architect prepares the first questions.</summary>
    Task<ProjectCommandResult> CreateAsync(long userId, string idea, string? language = null);

    /// <summary>The user's answers to the open questions (free text).</summary>
    Task<ProjectCommandResult> AnswerAsync(long userId, string answers);

    /// <summary>Confirms the scope summary, or corrects it (another clarification round).</summary>
    Task<ProjectCommandResult> ConfirmScopeAsync(long userId, bool confirmed, string? correction);

    /// <summary>Starts development after the estimate.</summary>
    Task<ProjectCommandResult> StartDevelopmentAsync(long userId);

    /// <summary>The user's rating (1-5) of the delivered project; once per project.</summary>
    Task<FeedbackOutcome> RateAsync(long userId, int rating);

    /// <summary>A comment beside the rating (after it, once per project).</summary>
    Task<FeedbackOutcome> CommentAsync(long userId, string comment);

    /// <summary>At the plan stage: the Architect revises the docs and TODO.md as <paramref name="request"/> asks, and estimates again.</summary>
    Task<ProjectCommandResult> RevisePlanAsync(long userId, string request);

    Task<ProjectCommandResult> ResumeAsync(long userId, ResumeDecision decision);

    /// <summary>Raises the project's credit cap (only its owner can).</summary>
    Task<ProjectCommandResult> RaiseCapAsync(long userId, decimal extraCredits);

    /// <summary>Stops at the next step boundary; the work so far stays available as a partial package.</summary>
    Task<ProjectCommandResult> CancelAsync(long userId);

    [ReadOnly]
    Task<ProjectStatus> GetStatusAsync();

    [ReadOnly]
    Task<IReadOnlyList<ProjectEvent>> GetEventsAsync(long afterSeq, int max);

    /// <summary>The delivered (or, after a cancel, partial) package; null when there is none (yet).</summary>
    Task<DeliveredPackage?> GetPackageAsync(long userId);

    /// <summary>The user was shown the events up to <paramref name="seq"/>; a front-end that returns resumes after it.</summary>
    Task<bool> AcknowledgeEventsAsync(long userId, long seq);

    Task SubscribeAsync(IProjectObserver observer);

    Task UnsubscribeAsync(IProjectObserver observer);

    /// <summary>
    /// Purges an ended project's data (repository, package, conversation, events, recorded answers, index) and keeps
    /// the numbers; false while the project still runs. Idempotent.
    /// </summary>
    Task<bool> PurgeAsync();

    /// <summary>
    /// A silo was declared dead: if this project's running step was on it, the step is dispatched again now (same
    /// step id: recorded answers replay, committed work is recognised). Harmless otherwise.
    /// </summary>
    Task WakeAsync();

    /// <summary>Called by workers when a step ends (duplicates and stale attempts are ignored).</summary>
    Task CompleteStepAsync(StepReport report);

    /// <summary>
    /// Called by a worker while its step runs: the items an items step landed since its last report (the step's final
    /// report carries the rest). True while the step should go on starting items; false when it should finish what it
    /// started and end (the project paused, is stopping, or has findings to fix first, or the step is not the running one).
    /// </summary>
    Task<bool> ReportProgressAsync(StepReport report);
}
