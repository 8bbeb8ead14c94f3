using DevBot.GrainInterfaces.CodeIndex;
using System.Diagnostics;
using System.Globalization;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using DevBot.Grains.Agents;
using DevBot.Grains.Retention;
using DevBot.Workspace.Git;
using DevBot.Workspace.Todo;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace DevBot.Grains.Projects;

/// <summary>
/// One project's state machine and durable step loop. Every user command and every step report is one short turn:
/// the work itself runs in the Architect and Implementer workers, one step at a time. A step is persisted before it
/// is dispatched; its id prefixes its model calls, so a re-dispatched step (after a silo died, found by the
/// reminder) replays recorded answers instead of paying again, and an item already committed is not redone.
/// Progress goes to observers and to <c>project_events</c>, from which a bot that was away catches up.
/// </summary>
public sealed class ProjectGrain(
    [PersistentState("project", StorageNames.Main)] IPersistentState<ProjectGrainState> state,
    ProjectStore store,
    RetentionStore retention,
    WorkspaceManager workspaces,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    public const string TickReminder = "project-tick";

    /// <summary>What a purged project is called.</summary>
    public const string PurgedTitle = "(deleted)";
    private readonly ProjectOptions _options = options.Value;
    private readonly ObserverManager<IProjectObserver> _observers = new(TimeSpan.FromMinutes(10), logger);
    private bool _tickRegistered;
    private ProjectState? _persistedState;

    private Guid ProjectId => this.GetPrimaryKey();

    private ProjectGrainState S => state.State;

    private bool IsTerminal => S.State.IsTerminal();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tickRegistered = await this.GetReminder(TickReminder) is not null;
        _persistedState = state.RecordExists ? S.State : null;
    }

    public async Task<ProjectCommandResult> CreateAsync(long userId, string idea)
    {
        if (S.UserId != 0)
        {
            return Refuse("This project already exists.");
        }

        if (TooLong(idea, out var problem))
        {
            return Refuse(problem);
        }

        S.UserId = userId;
        S.Idea = idea.Trim();
        S.State = ProjectState.GatheringRequirements;
        S.CreatedAt = time.GetUtcNow();
        S.Activity = "reading your idea";
        await PersistAsync();
        await store.AddMessageAsync(ProjectId, userId, "user", S.Idea);
        await GrainFactory.GetGrain<IUserGrain>(userId).AddProjectAsync(new UserProject(ProjectId, TitleOf(S.Idea), S.CreatedAt));
        await EnsureTickAsync();
        await AddEventAsync(ProjectEventKind.StateChanged, "Thanks! The Architect is reading your idea and will ask a few questions.");
        await DispatchAsync(NewStep(StepKind.Questions, QuestionsInputFor(lastRound: false)));
        return Accept("Project started.");
    }

    public async Task<ProjectCommandResult> AnswerAsync(long userId, string answers)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (TooLong(answers, out var problem))
        {
            return Refuse(problem);
        }

        var round = S.Rounds.LastOrDefault();
        if (S.State != ProjectState.ClarifyingDetails || S.Step is not null || round is null || round.Questions.Count == 0 || round.Answers is not null)
        {
            return Refuse(WhatIsExpected());
        }

        round.Answers = answers.Trim();
        await store.AddMessageAsync(ProjectId, userId, "user", round.Answers);
        S.Activity = "reading your answers";
        await DispatchAsync(NewStep(StepKind.Questions, QuestionsInputFor(lastRound: S.Rounds.Count >= _options.MaxQuestionRounds)));
        return Accept("Thanks, the Architect is reading your answers.");
    }

    public async Task<ProjectCommandResult> ConfirmScopeAsync(long userId, bool confirmed, string? correction)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (S.State != ProjectState.ConfirmingScope || S.Step is not null)
        {
            return Refuse(WhatIsExpected());
        }

        if (confirmed)
        {
            await store.AddMessageAsync(ProjectId, userId, "user", "Scope confirmed.");
            await ChangeStateAsync(ProjectState.Planning, "Scope confirmed. The Architect is writing the requirements, architecture, API and deployment docs and the TODO plan.");
            await DispatchAsync(NewStep(StepKind.Plan, StepInputs.Write(new PlanInput(S.Title ?? TitleOf(S.Idea), S.Scope ?? S.Idea, S.Idea))));
            return Accept("Planning started.");
        }

        if (string.IsNullOrWhiteSpace(correction) || TooLong(correction, out _))
        {
            return Refuse("Tell me what to change in the scope (in a few sentences).");
        }

        S.Rounds.Add(new QuestionRound { Answers = "Correction of the proposed scope: " + correction.Trim() });
        await store.AddMessageAsync(ProjectId, userId, "user", correction.Trim());
        await ChangeStateAsync(ProjectState.ClarifyingDetails, "Thanks, the Architect is revising the scope.");
        await DispatchAsync(NewStep(StepKind.Questions, QuestionsInputFor(lastRound: true)));
        return Accept("The scope is being revised.");
    }

    public async Task<ProjectCommandResult> StartDevelopmentAsync(long userId)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (S.State != ProjectState.AwaitingStart)
        {
            return Refuse(WhatIsExpected());
        }

        await ChangeStateAsync(ProjectState.Implementing, $"Development started. Estimated cost {CreditMath.Display(S.Estimate)} credits (cap {CreditMath.Display(S.Cap)}).");
        await RunNextAsync();
        return Accept("Development started.");
    }

    public async Task<ProjectCommandResult> ResumeAsync(long userId, ResumeDecision decision)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (S.State != ProjectState.Paused)
        {
            return Refuse("The project is not paused.");
        }

        if (decision == ResumeDecision.Stop)
        {
            return await CancelAsync(userId);
        }

        switch (S.Pause)
        {
            case PauseReason.NoCredits:
                var balance = await GrainFactory.GetGrain<ICreditLedgerGrain>(S.UserId).GetBalanceAsync();
                var needed = Math.Max(S.CreditsToResume, 0.01m);
                if (balance.Available < needed)
                {
                    return Refuse($"You have {CreditMath.Display(balance.Available)} credits available and the next step needs about "
                        + $"{CreditMath.Display(needed)}; buy credits first (/credits).");
                }

                break;
            case PauseReason.CreditCapReached when S.CreditsUsed >= S.Cap:
                return Refuse($"The project has used {CreditMath.Display(S.CreditsUsed)} of its {CreditMath.Display(S.Cap)} credit cap; raise the cap to go on.");
            case PauseReason.NeedsDecision:
                ApplyDecision(decision);
                break;
        }

        await UnpauseAsync();
        return Accept("Resumed.");
    }

    public async Task<ProjectCommandResult> RaiseCapAsync(long userId, decimal extraCredits)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (extraCredits <= 0 || IsTerminal)
        {
            return Refuse(IsTerminal ? "The project has ended." : "Raise the cap by a positive number of credits.");
        }

        S.Cap += extraCredits;
        if (S.State == ProjectState.Paused && S.Pause == PauseReason.CreditCapReached && S.CreditsUsed < S.Cap)
        {
            await UnpauseAsync();
            return Accept($"Cap raised to {CreditMath.Display(S.Cap)} credits; resumed.");
        }

        await PersistAsync();
        return Accept($"Cap raised to {CreditMath.Display(S.Cap)} credits.");
    }

    public async Task<ProjectCommandResult> CancelAsync(long userId)
    {
        if (!Owns(userId))
        {
            return NotYours();
        }

        if (IsTerminal || S.CancelRequested)
        {
            return Refuse(IsTerminal ? "The project has already ended." : "The project is already stopping.");
        }

        S.CancelRequested = true;
        await store.AddMessageAsync(ProjectId, userId, "user", "/cancel");
        var spent = $"{CreditMath.Display(S.CreditsUsed)} credits used so far are not refunded; the work done so far is kept and delivered as a partial package.";
        if (S.Step is not null)
        {
            await PersistAsync();
            await AddEventAsync(ProjectEventKind.Info, $"Stopping after the current step ({S.Activity}). {spent}");
            return Accept("Stopping after the current step. " + spent);
        }

        await BeginCancellationAsync();
        return Accept("Stopping. " + spent);
    }

    public Task<ProjectStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<IReadOnlyList<ProjectEvent>> GetEventsAsync(long afterSeq, int max) =>
        // Up to the saved number only: a row written just before a crash that lost the state is not an event yet.
        await store.EventsAfterAsync(ProjectId, afterSeq, S.EventSeq, Math.Clamp(max, 1, 500));

    public async Task<DeliveredPackage?> GetPackageAsync(long userId)
    {
        if (!Owns(userId) || S.PackageFileName is null)
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

        if (S.UserId != 0 && !IsTerminal)
        {
            return false;
        }

        // The grain's own copy first, then the rows.
        S.Idea = string.Empty;
        S.Title = PurgedTitle;
        S.Scope = null;
        S.Rounds.Clear();
        S.Notes.Clear();
        S.SkippedItems.Clear();
        S.FailureFingerprints.Clear();
        S.FindingFingerprints.Clear();
        S.LastTestOutput = null;
        S.LastTestCommand = null;
        S.PackageFileName = null;
        S.PendingDecision = null;
        S.RetryStep = null;
        S.Step = null;
        S.Activity = "data deleted";
        await state.WriteStateAsync();
        // Everything else before the project is marked purged: a failure on the way leaves it due, and this runs again.
        var rows = await retention.DeleteContentAsync(ProjectId);
        await workspaces.DeleteLocalAsync(ProjectId);
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
        if (!Owns(userId))
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

    public async Task CompleteStepAsync(StepCompletion completion)
    {
        var step = S.Step;
        if (step is null || step.Id != completion.StepId)
        {
            logger.LogInformation("Project {ProjectId}: ignoring a report for step {StepId} (not the running step)", ProjectId, completion.StepId);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        S.Step = null;
        S.CreditsUsed = await store.CreditsUsedAsync(ProjectId);
        logger.LogInformation("Project {ProjectId}: step {StepId} ({Kind}) {Outcome}: {Message}", ProjectId, step.Id, step.Kind, completion.Outcome,
            FirstLine(completion.Message));
        switch (completion.Outcome)
        {
            case StepOutcome.Succeeded:
                S.UnavailableSteps = 0;
                await OnSucceededAsync(step, completion);
                break;
            case StepOutcome.InsufficientCredits:
                S.RetryStep = step;
                S.CreditsToResume = completion.CreditsNeeded;
                await PauseAsync(PauseReason.NoCredits, "Your credits ran out. Buy credits (/credits) and the project continues where it stopped.", []);
                break;
            case StepOutcome.ModelUnavailable:
                S.UnavailableSteps++;
                if (S.UnavailableSteps >= _options.MaxUnavailableSteps)
                {
                    await FailAsync("No model answered after several tries: " + FirstLine(completion.Message));
                }
                else
                {
                    S.RetryStep = step;
                    S.Activity = "waiting for the model provider; will retry";
                }

                break;
            default:
                await OnFailedAsync(step, completion);
                break;
        }

        await ContinueAsync();
        ProjectMetrics.RecordHandling(step.Kind, Stopwatch.GetElapsedTime(started));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TickReminder)
        {
            return;
        }

        try
        {
            await TickAsync();
            S.FailedTicks = 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A wake-up that keeps failing (database or repository unreachable) must not become an endless loop: after
            // a few, the project pauses and asks, and the operators see why in the log.
            S.FailedTicks++;
            logger.LogError(ex, "Project {ProjectId}: wake-up failed ({Count} in a row)", ProjectId, S.FailedTicks);
            if (S.FailedTicks >= _options.MaxFailedTicks && !IsTerminal && S.State != ProjectState.Paused)
            {
                S.RetryStep = S.Step ?? S.RetryStep;
                S.Step = null;
                S.PendingDecision = "step:infrastructure";
                await PauseAsync(PauseReason.NeedsDecision,
                    $"DevBot ran into an internal problem and could not continue the project ({S.FailedTicks} tries). Nothing more was charged; the operators can see what happened. Retry or stop?",
                    ["Retry", "Stop"]);
            }
        }
    }

    public async Task WakeAsync()
    {
        if (!IsTerminal && S.Step is { } running && SiloIsGone(running))
        {
            await RedispatchAsync(running, "its silo was declared dead");
        }
    }

    private async Task TickAsync()
    {
        if (IsTerminal || S.UserId == 0)
        {
            await StopTickAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (S.Step is { } running)
        {
            if (SiloIsGone(running))
            {
                await RedispatchAsync(running, "its silo is gone");
            }
            else if (now - running.DispatchedAt > _options.StepLease)
            {
                // No report within the lease: the worker is presumed lost. Same step id: recorded answers are
                // replayed, committed work is recognised.
                await RedispatchAsync(running, $"no report for {(now - running.DispatchedAt).TotalSeconds:0} s");
            }

            return;
        }

        if (S.RetryStep is { } retry && S.State != ProjectState.Paused)
        {
            S.RetryStep = null;
            retry.Attempt++;
            await DispatchAsync(retry);
            return;
        }

        await ContinueAsync();
    }

    /// <summary>Whether membership says the silo the step runs on is dead (or no longer known at all).</summary>
    private bool SiloIsGone(ActiveStep step)
    {
        if (step.Silo is null)
        {
            return false;
        }

        var address = SiloAddress.FromParsableString(step.Silo);
        if (address.Equals(localSilo.SiloAddress))
        {
            return false;
        }

        return membership.CurrentSnapshot.GetSiloStatus(address) is SiloStatus.Dead or SiloStatus.None;
    }

    private async Task RedispatchAsync(ActiveStep running, string why)
    {
        if (running.Attempt >= _options.MaxStepDispatches)
        {
            logger.LogWarning("Project {ProjectId}: step {StepId} ({Kind}) was lost {Attempts} times ({Why}); asking the user", ProjectId, running.Id,
                running.Kind, running.Attempt, why);
            S.Step = null;
            S.RetryStep = running;
            S.PendingDecision = $"step:{running.Kind}";
            await PauseAsync(PauseReason.NeedsDecision,
                $"The step \"{S.Activity}\" was interrupted {running.Attempt} times (its server stopped). Nothing was charged twice. Retry or stop?",
                ["Retry", "Stop"]);
            return;
        }

        logger.LogWarning("Project {ProjectId}: step {StepId} ({Kind}) dispatched again: {Why}", ProjectId, running.Id, running.Kind, why);
        running.Attempt++;
        await DispatchAsync(running);
    }

    private async Task OnSucceededAsync(ActiveStep step, StepCompletion completion)
    {
        switch (step.Kind)
        {
            case StepKind.Questions when completion.Questions.Count > 0:
                S.Rounds.Add(new QuestionRound { Questions = completion.Questions.ToList() });
                S.State = ProjectState.ClarifyingDetails;
                S.Activity = "waiting for your answers";
                await store.AddMessageAsync(ProjectId, S.UserId, "architect", string.Join('\n', completion.Questions.Select(q => q.Text)));
                await AddEventAsync(ProjectEventKind.Questions, "A few questions before planning (answer in one message):", completion.Questions);
                break;
            case StepKind.Questions:
                S.Title = completion.Title;
                S.Scope = completion.Scope;
                S.State = ProjectState.ConfirmingScope;
                S.Activity = "waiting for your confirmation of the scope";
                await store.AddMessageAsync(ProjectId, S.UserId, "architect", completion.Scope ?? string.Empty);
                await AddEventAsync(ProjectEventKind.ScopeProposed, $"Proposed scope for \"{S.Title}\":\n\n{S.Scope}", choices: ["Confirm scope", "Change something"]);
                break;
            case StepKind.Plan:
                S.Estimate = completion.Estimate;
                S.Cap = Math.Round(completion.Estimate * _options.CreditCapFactor, 2);
                await RefreshTodoAsync();
                S.State = ProjectState.AwaitingStart;
                S.Activity = "waiting for you to start development";
                await AddEventAsync(ProjectEventKind.EstimateReady,
                    $"The plan is ready: {S.TodoTotal} TODO items. Estimated cost: {CreditMath.Display(S.Estimate)} credits " +
                    $"(the project stops to ask before spending more than {CreditMath.Display(S.Cap)}).",
                    choices: ["Start development", "Cancel"]);
                break;
            case StepKind.Implement:
                S.ItemFailures.Remove(step.ItemId!);
                await RefreshTodoAsync();
                await AddEventAsync(ProjectEventKind.Progress, $"Done: {step.ItemId} — {FirstLine(completion.Message)}");
                break;
            case StepKind.Verify:
                await OnVerifiedAsync(step, completion);
                break;
            case StepKind.Test:
                await OnTestedAsync(completion);
                break;
            case StepKind.Diagnose:
                S.Tests = completion.Findings.Count > 0 ? TestStage.Pending : TestStage.GaveUp;
                await AddEventAsync(ProjectEventKind.Info, $"Test failures turned into {completion.Findings.Count} fix item(s).");
                break;
            case StepKind.Readme:
                S.ReadmeDone = true;
                break;
            case StepKind.Package:
                await OnPackagedAsync(completion);
                break;
        }
    }

    private async Task OnVerifiedAsync(ActiveStep step, StepCompletion completion)
    {
        var what = step.Phase == 0 ? "The final review" : $"Review of phase {step.Phase}";
        if (completion.Findings.Count == 0)
        {
            MarkVerified(step.Phase);
            await AddEventAsync(ProjectEventKind.Progress, $"{what}: everything is in place.");
            return;
        }

        var fingerprints = (completion.Fingerprint ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries);
        if (fingerprints.Length > 0 && fingerprints.All(S.FindingFingerprints.Contains))
        {
            S.PendingDecision = $"verify:{step.Phase}";
            await PauseAsync(PauseReason.NeedsDecision,
                $"{what} keeps reporting the same gaps: {string.Join("; ", completion.Findings)}. Retry, skip this review, or stop?",
                ["Retry", "Skip", "Stop"]);
            return;
        }

        S.FindingFingerprints.AddRange(fingerprints.Where(f => !S.FindingFingerprints.Contains(f)));
        S.VerifyRounds[step.Phase] = S.VerifyRounds.GetValueOrDefault(step.Phase) + 1;
        if (step.Phase == 0 || S.VerifyRounds[step.Phase] >= _options.MaxVerificationRounds)
        {
            MarkVerified(step.Phase);
        }

        if (step.Phase == 0)
        {
            S.Tests = TestStage.Pending;
        }

        await RefreshTodoAsync();
        await AddEventAsync(ProjectEventKind.Progress, $"{what} found {completion.Findings.Count} gap(s), added to the TODO: {string.Join("; ", completion.Findings)}");
    }

    private async Task OnTestedAsync(StepCompletion completion)
    {
        S.LastTestCommand = completion.Title;
        S.LastTestOutput = completion.Message;
        S.LastTestExitCode = int.TryParse(completion.Scope, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : -1;
        if (completion.TestsPassed)
        {
            S.Tests = TestStage.Passed;
            await AddEventAsync(ProjectEventKind.Progress, $"Tests pass: {FirstLine(completion.Message)}");
            return;
        }

        if (completion.Scope is null)
        {
            S.Tests = TestStage.GaveUp;
            S.Notes.Add(FirstLine(completion.Message));
            await AddEventAsync(ProjectEventKind.Info, FirstLine(completion.Message));
            return;
        }

        S.TestRounds++;
        if (S.TestRounds > _options.MaxTestFixRounds)
        {
            S.Tests = TestStage.GaveUp;
            S.Notes.Add($"Tests still fail after {_options.MaxTestFixRounds} fix round(s): {FirstLine(completion.Message)}");
            await AddEventAsync(ProjectEventKind.Info, S.Notes[^1]);
            return;
        }

        S.Tests = TestStage.NeedsDiagnosis;
        await AddEventAsync(ProjectEventKind.Progress, $"Tests fail ({FirstLine(completion.Message)}); the Architect is looking at why.");
    }

    private async Task OnPackagedAsync(StepCompletion completion)
    {
        S.PackageFileName = completion.Title;
        if (S.CancelRequested)
        {
            S.State = ProjectState.Cancelled;
            S.Activity = "cancelled";
            await AddEventAsync(ProjectEventKind.Cancelled, completion.Title is null
                ? $"Stopped. Nothing had been built yet. Credits used: {CreditMath.Display(S.CreditsUsed)}."
                : $"Stopped. The work done so far is in {completion.Title}. Credits used: {CreditMath.Display(S.CreditsUsed)}.");
            return;
        }

        S.State = ProjectState.Completed;
        S.Activity = "delivered";
        var notes = S.Notes.Count == 0 ? string.Empty : "\nNotes: " + string.Join(" ", S.Notes);
        await AddEventAsync(ProjectEventKind.Delivered,
            $"Your project is ready: {completion.Title} ({S.TodoDone}/{S.TodoTotal} TODO items, {(S.Tests == TestStage.Passed ? "tests pass" : "tests not passing")}). " +
            $"Final cost: {CreditMath.Display(S.CreditsUsed)} credits.{notes}");
    }

    private async Task OnFailedAsync(ActiveStep step, StepCompletion completion)
    {
        switch (step.Kind)
        {
            case StepKind.Implement:
                var item = step.ItemId!;
                var failures = S.ItemFailures[item] = S.ItemFailures.GetValueOrDefault(item) + 1;
                var repeated = completion.Fingerprint is not null && S.FailureFingerprints.GetValueOrDefault(item) == completion.Fingerprint;
                if (completion.Fingerprint is not null)
                {
                    S.FailureFingerprints[item] = completion.Fingerprint;
                }

                if (failures >= _options.MaxItemAttempts || repeated)
                {
                    S.PendingDecision = item;
                    await PauseAsync(PauseReason.NeedsDecision,
                        $"TODO item {item} keeps failing ({failures} attempt(s){(repeated ? ", the same edit again" : string.Empty)}): {FirstLine(completion.Message)} " +
                        $"Credits used so far: {CreditMath.Display(S.CreditsUsed)}. Retry, skip this item, or stop?",
                        ["Retry", "Skip", "Stop"]);
                }

                break;
            case StepKind.Test:
                S.Tests = TestStage.GaveUp;
                S.Notes.Add("Tests could not be run: " + FirstLine(completion.Message));
                break;
            case StepKind.Package:
                await FailAsync("The package could not be built: " + completion.Message);
                break;
            default:
                S.PendingDecision = $"step:{step.Kind}";
                S.RetryStep = step;
                await PauseAsync(PauseReason.NeedsDecision, $"The {step.Kind} step failed: {FirstLine(completion.Message)} Retry or stop?", ["Retry", "Stop"]);
                break;
        }
    }

    /// <summary>After a report or a command: persist, then dispatch the next step if the project runs on its own.</summary>
    private async Task ContinueAsync()
    {
        if (S.CancelRequested && S.Step is null && !IsTerminal && S.State != ProjectState.Delivering)
        {
            await BeginCancellationAsync();
            return;
        }

        if (!IsTerminal && S.State != ProjectState.Paused && S.Cap > 0 && S.CreditsUsed >= S.Cap
            && S.State is ProjectState.Implementing or ProjectState.Finalizing)
        {
            await PauseAsync(PauseReason.CreditCapReached,
                $"The project has used {CreditMath.Display(S.CreditsUsed)} credits, its cap ({CreditMath.Display(S.Cap)}). Raise the cap to go on, or stop.",
                ["Raise cap", "Stop"]);
        }

        await PersistAsync();
        await RunNextAsync();
        if (IsTerminal)
        {
            await StopTickAsync();
        }
    }

    private async Task RunNextAsync()
    {
        if (S.Step is not null || S.RetryStep is not null || S.State == ProjectState.Paused || IsTerminal)
        {
            return;
        }

        var next = S.State switch
        {
            ProjectState.Planning => NewStep(StepKind.Plan, StepInputs.Write(new PlanInput(S.Title ?? TitleOf(S.Idea), S.Scope ?? S.Idea, S.Idea))),
            ProjectState.Implementing or ProjectState.Finalizing => await DecideAsync(),
            ProjectState.Delivering => NewStep(StepKind.Package, S.Title ?? TitleOf(S.Idea)),
            _ => null,
        };
        if (next is not null)
        {
            await DispatchAsync(next);
        }
    }

    /// <summary>The next step of implementation and finalisation, read from TODO.md at HEAD.</summary>
    private async Task<ActiveStep?> DecideAsync()
    {
        var todo = await RefreshTodoAsync();
        if (todo is null)
        {
            await FailAsync("TODO.md is missing from the repository.");
            return null;
        }

        var open = todo.Items.Where(i => !i.Done && !S.SkippedItems.Contains(i.Id)).ToList();
        var followUp = open.FirstOrDefault(i => TodoSections.IsFollowUp(todo.Phases[i.PhaseIndex].Title));
        if (followUp is not null)
        {
            return ImplementStep(followUp);
        }

        foreach (var (number, phase) in TodoSections.Phases(todo))
        {
            var item = phase.Items.FirstOrDefault(i => !i.Done && !S.SkippedItems.Contains(i.Id));
            if (item is not null)
            {
                return ImplementStep(item);
            }

            if (!S.VerifiedPhases.Contains(number))
            {
                S.Activity = $"reviewing phase {number}";
                return NewStep(StepKind.Verify, (S.VerifyRounds.GetValueOrDefault(number) + 1).ToString(CultureInfo.InvariantCulture), phase: number);
            }
        }

        if (S.State != ProjectState.Finalizing)
        {
            await ChangeStateAsync(ProjectState.Finalizing, "All TODO items are done and reviewed. Running the project's tests in the sandbox.");
        }

        switch (S.Tests)
        {
            case TestStage.Pending:
                S.Activity = "running the tests in the sandbox";
                return NewStep(StepKind.Test, string.Empty);
            case TestStage.NeedsDiagnosis:
                S.Activity = "diagnosing failing tests";
                return NewStep(StepKind.Diagnose, StepInputs.Write(new DiagnoseInput(S.TestRounds, S.LastTestCommand ?? "?", S.LastTestExitCode, S.LastTestOutput ?? string.Empty)));
        }

        if (!S.FinalReviewDone)
        {
            S.Activity = "final review";
            return NewStep(StepKind.Verify, "1", phase: 0);
        }

        if (!S.ReadmeDone)
        {
            S.Activity = "writing the README";
            return NewStep(StepKind.Readme, S.Title ?? TitleOf(S.Idea));
        }

        await ChangeStateAsync(ProjectState.Delivering, "Packaging your project.");
        return NewStep(StepKind.Package, S.Title ?? TitleOf(S.Idea));
    }

    private ActiveStep ImplementStep(TodoItem item)
    {
        S.Activity = $"implementing {item.Id}: {item.Text}";
        return NewStep(StepKind.Implement, S.Title ?? TitleOf(S.Idea), item.Id);
    }

    private ActiveStep NewStep(StepKind kind, string input, string? itemId = null, int phase = 0)
    {
        S.StepCounter++;
        return new ActiveStep
        {
            Id = "s" + S.StepCounter.ToString("D4", CultureInfo.InvariantCulture),
            Kind = kind,
            ItemId = itemId,
            Phase = phase,
            Input = input,
            Attempt = 1,
        };
    }

    private async Task DispatchAsync(ActiveStep step)
    {
        step.DispatchedAt = time.GetUtcNow();
        step.Silo = localSilo.SiloAddress.ToParsableString();
        S.Step = step;
        await PersistAsync();
        var request = new StepRequest(ProjectId, S.UserId, step.Id, step.Attempt, step.Kind, step.ItemId, step.Phase, step.Input);
        var task = step.Kind is StepKind.Implement or StepKind.Test or StepKind.Package
            ? GrainFactory.GetGrain<IImplementerGrain>(0).RunStepAsync(request)
            : GrainFactory.GetGrain<IArchitectGrain>(0).RunStepAsync(request);
        await task;
    }

    private async Task BeginCancellationAsync()
    {
        S.CancelRequested = true;
        S.Pause = PauseReason.None;
        S.RetryStep = null;
        S.State = ProjectState.Delivering;
        S.Activity = "stopping: packaging the work done so far";
        await DispatchAsync(NewStep(StepKind.Package, S.Title ?? TitleOf(S.Idea)));
    }

    private async Task PauseAsync(PauseReason reason, string text, IReadOnlyList<string> choices)
    {
        if (S.State != ProjectState.Paused)
        {
            S.StateBeforePause = S.State;
        }

        S.State = ProjectState.Paused;
        S.Pause = reason;
        S.Activity = "paused: " + reason;
        await AddEventAsync(ProjectEventKind.Paused, text, choices: choices);
    }

    private async Task UnpauseAsync()
    {
        S.State = S.StateBeforePause;
        S.Pause = PauseReason.None;
        S.PendingDecision = null;
        await AddEventAsync(ProjectEventKind.Resumed, "Resumed.");
        if (S.RetryStep is { } retry)
        {
            S.RetryStep = null;
            retry.Attempt++;
            await DispatchAsync(retry);
            return;
        }

        await PersistAsync();
        await RunNextAsync();
    }

    private void ApplyDecision(ResumeDecision decision)
    {
        var pending = S.PendingDecision;
        if (pending is null)
        {
            return;
        }

        if (pending.StartsWith("verify:", StringComparison.Ordinal))
        {
            var phase = int.Parse(pending["verify:".Length..], CultureInfo.InvariantCulture);
            if (decision == ResumeDecision.SkipItem)
            {
                MarkVerified(phase);
            }
            else
            {
                S.FindingFingerprints.Clear();
            }
        }
        else if (!pending.StartsWith("step:", StringComparison.Ordinal))
        {
            S.ItemFailures.Remove(pending);
            S.FailureFingerprints.Remove(pending);
            if (decision == ResumeDecision.SkipItem)
            {
                S.SkippedItems.Add(pending);
                S.Notes.Add($"TODO item {pending} was skipped at your request.");
            }
        }
    }

    private void MarkVerified(int phase)
    {
        if (phase == 0)
        {
            S.FinalReviewDone = true;
        }
        else if (!S.VerifiedPhases.Contains(phase))
        {
            S.VerifiedPhases.Add(phase);
        }
    }

    private async Task FailAsync(string reason)
    {
        S.State = ProjectState.Failed;
        S.Activity = "failed";
        S.Notes.Add(reason);
        await AddEventAsync(ProjectEventKind.Failed, $"The project stopped: {reason} Credits used: {CreditMath.Display(S.CreditsUsed)}.");
    }

    private async Task ChangeStateAsync(ProjectState next, string text)
    {
        S.State = next;
        await AddEventAsync(ProjectEventKind.StateChanged, text);
    }

    private async Task<TodoDocument?> RefreshTodoAsync()
    {
        using var repository = await workspaces.OpenAsync(ProjectId);
        var text = repository.ReadCommittedText(TodoSections.File);
        if (text is null)
        {
            return null;
        }

        var todo = TodoDocument.Parse(text);
        S.TodoDone = todo.Done;
        S.TodoTotal = todo.Total;
        return todo;
    }

    private async Task AddEventAsync(ProjectEventKind kind, string text, IReadOnlyList<ProjectQuestion>? questions = null, IReadOnlyList<string>? choices = null)
    {
        S.EventSeq++;
        var projectEvent = new ProjectEvent(ProjectId, S.EventSeq, kind, S.State, text, S.TodoDone, S.TodoTotal, S.CreditsUsed,
            questions ?? [], choices ?? [], time.GetUtcNow());
        // The row first: a crash before the state is saved reuses this number, and the row is overwritten with the
        // event that then really happens; the other order could lose an event whose number was already saved.
        await store.AddEventAsync(projectEvent);
        await PersistAsync();
        await _observers.Notify(o => o.OnEventAsync(projectEvent));
    }

    private async Task PersistAsync()
    {
        await state.WriteStateAsync();
        if (_persistedState != S.State)
        {
            ProjectMetrics.RecordState(S.State);
            _persistedState = S.State;
        }

        await store.UpsertAsync(ProjectId, S.UserId, S.Title, S.Idea, S.State, S.Estimate, S.Cap, S.CreditsUsed, S.TodoDone, S.TodoTotal, S.EventSeq, S.Step?.Silo);
    }

    private async Task EnsureTickAsync()
    {
        if (!_tickRegistered)
        {
            await this.RegisterOrUpdateReminder(TickReminder, _options.TickPeriod, _options.TickPeriod);
            _tickRegistered = true;
        }
    }

    private async Task StopTickAsync()
    {
        if (await this.GetReminder(TickReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _tickRegistered = false;
    }

    private string QuestionsInputFor(bool lastRound) => StepInputs.Write(new QuestionsInput(
        S.Idea, S.Rounds.Select(r => new QuestionRoundInput(r.Questions, r.Answers)).ToList(), S.Rounds.Count + 1, lastRound));

    private string WhatIsExpected() => S.State switch
    {
        _ when S.Step is not null => $"Please wait: {S.Activity}.",
        ProjectState.ClarifyingDetails => "Please answer the open questions.",
        ProjectState.ConfirmingScope => "Please confirm the proposed scope, or say what to change.",
        ProjectState.AwaitingStart => "The plan is ready: start development, or cancel.",
        ProjectState.Paused => "The project is paused: " + S.Activity + ".",
        _ when IsTerminal => "The project has ended.",
        _ => $"The project is busy: {S.Activity}.",
    };

    private bool TooLong(string text, out string problem)
    {
        problem = string.IsNullOrWhiteSpace(text)
            ? "The message is empty."
            : text.Length > _options.MaxMessageChars
                ? $"That message has {text.Length} characters; please keep it under {_options.MaxMessageChars} (split it, or summarise)."
                : string.Empty;
        return problem.Length > 0;
    }

    private bool Owns(long userId) => S.UserId != 0 && S.UserId == userId;

    private ProjectCommandResult Accept(string message) => new(true, message, Status());

    private ProjectCommandResult Refuse(string message) => new(false, message, Status());

    private ProjectCommandResult NotYours() => new(false, "There is no such project among yours.", EmptyStatus());

    private ProjectStatus Status() => new(ProjectId, S.UserId, S.Title ?? TitleOf(S.Idea), S.State, S.Pause, S.Activity, S.TodoDone, S.TodoTotal,
        S.CreditsUsed, S.Estimate, S.Cap,
        S.State == ProjectState.ClarifyingDetails && S.Rounds.LastOrDefault() is { Answers: null } round ? round.Questions : [],
        S.Scope, S.PackageFileName, S.EventSeq);

    private ProjectStatus EmptyStatus() => new(ProjectId, 0, string.Empty, ProjectState.Failed, PauseReason.None, string.Empty, 0, 0, 0m, 0m, 0m, [], null, null, 0);

    private static string TitleOf(string idea)
    {
        var firstLine = idea.Split('\n', 2)[0].Trim();
        return firstLine.Length <= 60 ? firstLine : firstLine[..57] + "…";
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}
