using System.Diagnostics;
using DevBot.GrainInterfaces.CodeIndex;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using DevBot.Grains.Agents;
using DevBot.Grains.Projects.Workflow;
using DevBot.Grains.Retention;
using DevBot.Workspace.Git;
using DevBot.Workspace.Stacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace DevBot.Grains.Projects;

/// <summary>
/// The shell around one project's <see cref="ProjectWorkflow"/>: it loads the state (bringing older shapes up to date),
/// hands the workflow each command, step report and wake-up, and carries out the decision — conversation rows, the
/// user's project list, numbered event rows, the state (persisted before any step is dispatched), the dispatch to the
/// Architect and Implementer workers, observer notifications, the wake-up reminder. Every rule of the project's life
/// is the workflow's; what is here is I/O and identity (who owns the project, which silo runs a step).
/// </summary>
public sealed class ProjectGrain(
    [PersistentState("project", StorageNames.Main)] IPersistentState<ProjectGrainState> state,
    ProjectStore store,
    RetentionStore retention,
    WorkspaceManager workspaces,
    ProjectToolbox toolbox,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    public const string TickReminder = "project-tick";

    private readonly ProjectWorkflow _workflow = new(options.Value);
    private readonly ObserverManager<IProjectObserver> _observers = new(TimeSpan.FromMinutes(10), logger);
    private bool _tickRegistered;
    private ProjectState? _persistedState;

    private Guid ProjectId => this.GetPrimaryKey();

    private ProjectGrainState S => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tickRegistered = await this.GetReminder(TickReminder) is not null;
        _persistedState = state.RecordExists ? S.State : null;
        if (state.RecordExists && !ProjectStateUpgrade.IsCurrent(S))
        {
            await UpgradeAsync();
        }
    }

    public Task<ProjectCommandResult> CreateAsync(long userId, string idea, string? language = null) => CommandAsync(new CreateProject(userId, idea, language));

    public Task<ProjectCommandResult> AnswerAsync(long userId, string answers) => CommandAsync(new AnswerQuestions(userId, answers));

    public Task<ProjectCommandResult> ConfirmScopeAsync(long userId, bool confirmed, string? correction) =>
        CommandAsync(confirmed ? new ConfirmScope(userId) : new CorrectScope(userId, correction ?? string.Empty));

    public Task<ProjectCommandResult> StartDevelopmentAsync(long userId) => CommandAsync(new StartDevelopment(userId));

    public Task<ProjectCommandResult> RevisePlanAsync(long userId, string request) => CommandAsync(new RevisePlan(userId, request ?? string.Empty));

    public async Task<FeedbackOutcome> RateAsync(long userId, int rating)
    {
        if (!ProjectWorkflow.Owns(S, userId))
        {
            return FeedbackOutcome.NotYours;
        }

        if (S.State != ProjectState.Completed || S.Purged)
        {
            return FeedbackOutcome.NotDelivered;
        }

        if (rating is < 1 or > 5)
        {
            return FeedbackOutcome.Invalid;
        }

        return await store.RateAsync(ProjectId, rating) ? FeedbackOutcome.Saved : FeedbackOutcome.AlreadyGiven;
    }

    public async Task<FeedbackOutcome> CommentAsync(long userId, string comment)
    {
        if (!ProjectWorkflow.Owns(S, userId))
        {
            return FeedbackOutcome.NotYours;
        }

        if (S.State != ProjectState.Completed || S.Purged)
        {
            return FeedbackOutcome.NotDelivered;
        }

        if (string.IsNullOrWhiteSpace(comment) || comment.Length > 2000)
        {
            return FeedbackOutcome.Invalid;
        }

        return await store.CommentAsync(ProjectId, comment.Trim()) switch
        {
            true => FeedbackOutcome.Saved,
            false when await store.IsRatedAsync(ProjectId) => FeedbackOutcome.AlreadyGiven,
            _ => FeedbackOutcome.NotDelivered,
        };
    }

    public async Task<ProjectCommandResult> ResumeAsync(long userId, ResumeDecision decision)
    {
        // What the user has now comes with the answer (a pause for credits needs it); only the owner's balance is read.
        var available = ProjectWorkflow.Owns(S, userId) ? (await GrainFactory.GetGrain<ICreditLedgerGrain>(userId).GetBalanceAsync()).Available : 0m;
        return await CommandAsync(new ResumeProject(userId, decision, available));
    }

    public Task<ProjectCommandResult> RaiseCapAsync(long userId, decimal extraCredits) => CommandAsync(new RaiseCap(userId, extraCredits));

    public Task<ProjectCommandResult> CancelAsync(long userId) => CommandAsync(new CancelProject(userId));

    public Task<ProjectStatus> GetStatusAsync() => Task.FromResult(ProjectWorkflow.StatusOf(ProjectId, S));

    public async Task<IReadOnlyList<ProjectEvent>> GetEventsAsync(long afterSeq, int max) =>
        // Up to the saved number only: a row written just before a crash that lost the state is not an event yet.
        await store.EventsAfterAsync(ProjectId, afterSeq, S.EventSeq, Math.Clamp(max, 1, 500));

    public async Task<DeliveredPackage?> GetPackageAsync(long userId)
    {
        if (!ProjectWorkflow.Owns(S, userId) || S.PackageFileName is null)
        {
            return null;
        }

        var package = await store.LoadPackageAsync(ProjectId);
        return package is { } p ? new DeliveredPackage(p.FileName, p.Content, S.CreditsUsed, S.State == ProjectState.Cancelled) : null;
    }

    public async Task<bool> PurgeAsync()
    {
        if (S.Purged)
        {
            return true;
        }

        if (!ProjectWorkflow.MayPurge(S))
        {
            return false;
        }

        // The grain's own copy first, then the rows; everything else before the project is marked purged, so a
        // failure on the way leaves it due and this runs again.
        state.State = ProjectWorkflow.Purged(S);
        await state.WriteStateAsync();
        var rows = await retention.DeleteContentAsync(ProjectId);
        await workspaces.DeleteLocalAsync(ProjectId);
        try
        {
            toolbox.DeleteDependencies(ProjectId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DevBot.Workspace.Sandbox.SandboxUnavailableException)
        {
            // Installed packages hold nothing of the user's; each silo's clean-up deletes a purged project's.
            logger.LogWarning(ex, "Project {ProjectId}: its installed dependencies on this silo are left to the clean-up", ProjectId);
        }

        await GrainFactory.GetGrain<ICodeIndexGrain>(ProjectId).DropAsync();
        if (S.UserId != 0)
        {
            await GrainFactory.GetGrain<IUserGrain>(S.UserId).ScrubProjectAsync(ProjectId);
        }

        await retention.MarkPurgedAsync(ProjectId);
        S.Purged = true;
        await state.WriteStateAsync();
        logger.LogInformation("Project {ProjectId} of user {UserId}: data purged ({Rows} rows)", ProjectId, S.UserId, rows);
        return true;
    }

    public async Task<bool> AcknowledgeEventsAsync(long userId, long seq)
    {
        if (!ProjectWorkflow.Owns(S, userId))
        {
            return false;
        }

        await store.AcknowledgeAsync(ProjectId, Math.Min(seq, S.EventSeq));
        return true;
    }

    public Task SubscribeAsync(IProjectObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IProjectObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task CompleteStepAsync(StepReport report)
    {
        if ((S.Step is { } main && main.Id == report.StepId ? main : S.Beside.FirstOrDefault(b => b.Id == report.StepId)) is not { } step)
        {
            logger.LogInformation("Project {ProjectId}: ignoring a report for step {StepId} (not the running step)", ProjectId, report.StepId);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        logger.LogInformation("Project {ProjectId}: step {StepId} ({Kind}) reported {Result}", ProjectId, step.Id, step.Kind, report.Result.GetType().Name);
        await ApplyAsync(new StepReported(report, await store.CreditsUsedAsync(ProjectId)));
        ProjectMetrics.RecordHandling(step.Kind, Stopwatch.GetElapsedTime(started));
    }

    public async Task<bool> ReportProgressAsync(StepReport report)
    {
        if (S.Step is not { } step || step.Id != report.StepId)
        {
            return false;
        }

        await ApplyAsync(new StepProgressed(report, await store.CreditsUsedAsync(ProjectId)));
        return ProjectWorkflow.GoesOn(S, report.StepId);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TickReminder)
        {
            return;
        }

        try
        {
            await ApplyAsync(new Tick(StepSiloGone()));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Project {ProjectId}: wake-up failed ({Count} in a row before this one)", ProjectId, S.FailedTicks);
            await ApplyAsync(new WakeFailed(ex.Message));
        }
    }

    public async Task WakeAsync()
    {
        if (StepSiloGone())
        {
            logger.LogWarning("Project {ProjectId}: the silo of step {StepId} was declared dead", ProjectId, RunningStep?.Id);
            await ApplyAsync(new SiloDied(true));
        }
    }

    private async Task<ProjectCommandResult> CommandAsync(WorkflowInput command)
    {
        var decision = await ApplyAsync(command);
        var reply = decision.Reply ?? throw new InvalidOperationException($"The workflow gave no reply to {command.GetType().Name}.");
        return new ProjectCommandResult(reply, reply.Kind == ReplyKind.NotYours ? ProjectWorkflow.NobodysStatus(ProjectId) : ProjectWorkflow.StatusOf(ProjectId, S));
    }

    /// <summary>Asks the workflow, then carries out its decision: rows and effects, the state, then dispatch and news.</summary>
    private async Task<WorkflowDecision> ApplyAsync(WorkflowInput input)
    {
        var decision = _workflow.Decide(S, input, time.GetUtcNow());
        if (!decision.Changed)
        {
            return decision;
        }

        state.State = decision.State;
        var published = new List<ProjectEvent>();
        try
        {
            if (!state.RecordExists)
            {
                // A new project: its row first, which the conversation and event rows refer to.
                await PersistAsync();
            }

            foreach (var effect in decision.Effects)
            {
                switch (effect)
                {
                    case RecordMessage message:
                        await store.AddMessageAsync(ProjectId, S.UserId, message.Role, message.Content);
                        break;
                    case RegisterWithUser register:
                        await GrainFactory.GetGrain<IUserGrain>(S.UserId).AddProjectAsync(new UserProject(ProjectId, register.Title, register.CreatedAt));
                        break;
                    case EnsureTick when !_tickRegistered:
                        await this.RegisterOrUpdateReminder(TickReminder, options.Value.TickPeriod, options.Value.TickPeriod);
                        _tickRegistered = true;
                        break;
                }
            }

            foreach (var pending in decision.Events)
            {
                // The row first: a crash before the state is saved reuses this number, and the row is overwritten with
                // the event that then really happens; the other order could lose an event whose number was saved.
                var projectEvent = new ProjectEvent(ProjectId, ++S.EventSeq, pending.State, pending.TodoDone, pending.TodoTotal, pending.CreditsUsed,
                    pending.News, time.GetUtcNow());
                await store.AddEventAsync(projectEvent);
                published.Add(projectEvent);
            }

            foreach (var step in decision.Dispatch)
            {
                // Stateless workers run on the silo that calls them: this one.
                step.Silo = localSilo.SiloAddress.ToParsableString();
            }

            await PersistAsync();
        }
        catch
        {
            // What was not stored did not happen: the next input starts from the stored state.
            await state.ReadStateAsync();
            throw;
        }

        foreach (var projectEvent in published)
        {
            await _observers.Notify(o => o.OnEventAsync(projectEvent));
        }

        foreach (var step in decision.Dispatch)
        {
            var request = new StepRequest(ProjectId, S.UserId, step.Id, step.Attempt, step.Request!);
            await (step.Kind is StepKind.Implement or StepKind.Test or StepKind.Package
                ? GrainFactory.GetGrain<IImplementerGrain>(0).RunStepAsync(request)
                : GrainFactory.GetGrain<IArchitectGrain>(0).RunStepAsync(request));
        }

        if (decision.Effects.OfType<StopTick>().Any() && await this.GetReminder(TickReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _tickRegistered = false;
        }

        return decision;
    }

    /// <summary>A row of the previous shape: typed in place; its plan snapshot read from TODO.md where it has one.</summary>
    private async Task UpgradeAsync()
    {
        var upgraded = ProjectStateUpgrade.ToCurrent(S);
        if (ProjectStateUpgrade.NeedsPlan(upgraded))
        {
            using var repository = await workspaces.OpenAsync(ProjectId);
            upgraded.Plan = PlanSnapshots.Read(repository);
        }

        state.State = upgraded;
        await PersistAsync();
        logger.LogInformation("Project {ProjectId}: state brought up to version {Version}", ProjectId, upgraded.Version);
    }

    private async Task PersistAsync()
    {
        await state.WriteStateAsync();
        if (_persistedState != S.State)
        {
            ProjectMetrics.RecordState(S.State);
            _persistedState = S.State;
            if (S.State == ProjectState.Failed)
            {
                logger.LogWarning(DevBot.Grains.Observability.Alerts.ProjectFailed, "Operator alert: project {ProjectId} of user {UserId} failed", ProjectId, S.UserId);
            }
        }

        await store.UpsertAsync(ProjectId, S.UserId, S.Title, S.Idea, S.State, S.Estimate, S.Cap, S.CreditsUsed, S.TodoDone, S.TodoTotal, S.EventSeq, RunningStep?.Silo);
    }

    /// <summary>A step that runs (the main one, else one beside it): all of a project's steps run on the silo of its grain.</summary>
    private ActiveStep? RunningStep => S.Step ?? S.Beside.FirstOrDefault();

    /// <summary>Whether membership says the silo the running step was dispatched on is dead (or not known at all).</summary>
    private bool StepSiloGone()
    {
        if (RunningStep?.Silo is not { } silo)
        {
            return false;
        }

        var address = SiloAddress.FromParsableString(silo);
        return !address.Equals(localSilo.SiloAddress) && membership.CurrentSnapshot.GetSiloStatus(address) is SiloStatus.Dead or SiloStatus.None;
    }
}
