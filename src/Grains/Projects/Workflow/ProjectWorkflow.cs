using System.Globalization;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>
/// The rules of a project's life, as a function: the project's state and one input (a user's command, a worker's
/// report, a wake-up) in, a <see cref="WorkflowDecision"/> out — the new state, the reply, the steps to dispatch, the
/// news to publish, the effects to carry out. No I/O, no Orleans, no clock of its own (time is an argument), and the
/// state it is given is never changed (it works on a copy), so a rule that throws leaves the project as it was.
/// <see cref="ProjectGrain"/> is its shell: it loads, asks, stores, dispatches and notifies.
/// </summary>
public sealed class ProjectWorkflow(ProjectOptions options)
{
    /// <summary>What a purged project is called.</summary>
    public const string PurgedTitle = "(deleted)";

    public WorkflowDecision Decide(ProjectGrainState current, WorkflowInput input, DateTimeOffset now)
    {
        var turn = new Turn(ProjectStateCopy.Of(current), options, now);
        var reply = input switch
        {
            CreateProject c => turn.Create(c),
            AnswerQuestions a => turn.Answer(a),
            ConfirmScope c => turn.ConfirmScope(c.UserId),
            CorrectScope c => turn.CorrectScope(c),
            StartDevelopment s => turn.StartDevelopment(s.UserId),
            RevisePlan r => turn.RevisePlan(r),
            ResumeProject r => turn.Resume(r),
            RaiseCap r => turn.RaiseCap(r),
            CancelProject c => turn.Cancel(c.UserId),
            StepReported r => turn.Reported(r),
            StepProgressed p => turn.Progressed(p),
            Tick t => turn.Tick(t.StepSiloGone),
            SiloDied d => turn.SiloDied(d.StepSiloGone),
            WakeFailed => turn.WakeFailed(),
            _ => throw new ArgumentException($"Unknown workflow input {input.GetType().Name}.", nameof(input)),
        };
        return turn.Changed
            ? new WorkflowDecision(turn.S, reply, turn.Dispatched, turn.Events, turn.Effects, true)
            : new WorkflowDecision(current, reply, [], [], [], false);
    }

    /// <summary>
    /// Whether the running items step <paramref name="stepId"/> should go on starting items: it is still the running
    /// step, the project is implementing (not paused, not stopping) and no follow-up (a finding, a fix) waits, which is
    /// done next, alone.
    /// </summary>
    public static bool GoesOn(ProjectGrainState s, string stepId) =>
        s.Step?.Id == stepId && s.State == ProjectState.Implementing && !s.CancelRequested
        && !OpenItems(s).Any(i => i.FollowUp);

    /// <summary>The plan's items not done and not skipped, in plan order.</summary>
    private static List<PlanItem> OpenItems(ProjectGrainState s) => s.Plan?.Items.Where(i => !i.Done && !s.SkippedItems.Contains(i.Id)).ToList() ?? [];

    /// <summary>The project's status as front-ends see it.</summary>
    public static ProjectStatus StatusOf(Guid projectId, ProjectGrainState s) => new(
        projectId, s.UserId, s.Title ?? TitleOf(s.Idea), s.State, s.Pause, s.Doing, s.TodoDone, s.TodoTotal, s.CreditsUsed, s.Estimate, s.Cap,
        s.State == ProjectState.ClarifyingDetails && s.Rounds.LastOrDefault() is { Answers: null } round ? round.Questions : [],
        s.Scope, s.PackageFileName, s.EventSeq);

    /// <summary>What a stranger asking about this project id gets: the same as for a project that does not exist.</summary>
    public static ProjectStatus NobodysStatus(Guid projectId) =>
        new(projectId, 0, string.Empty, ProjectState.Failed, PauseReason.None, ProjectActivity.None, 0, 0, 0m, 0m, 0m, [], null, null, 0);

    /// <summary>Whether <paramref name="userId"/> owns the project (a project nobody created yet belongs to nobody).</summary>
    public static bool Owns(ProjectGrainState s, long userId) => s.UserId != 0 && s.UserId == userId;

    /// <summary>A project's data may be purged once it has ended (or if it never started).</summary>
    public static bool MayPurge(ProjectGrainState s) => s.UserId == 0 || s.State.IsTerminal();

    /// <summary>The state of a purged project: the numbers stay, every word and decision of it goes.</summary>
    public static ProjectGrainState Purged(ProjectGrainState current)
    {
        var s = ProjectStateCopy.Of(current);
        s.Idea = string.Empty;
        s.Title = PurgedTitle;
        s.Scope = null;
        s.Rounds.Clear();
        s.Notes.Clear();
        s.DeliveryNotes.Clear();
        s.SkippedItems.Clear();
        s.FailureFingerprints.Clear();
        s.FindingFingerprints.Clear();
        s.FindingSeenAt.Clear();
        s.LastTestOutput = null;
        s.LastTestCommand = null;
        s.PackageFileName = null;
        s.PendingDecision = null;
        s.Decision = null;
        s.RetryStep = null;
        s.Step = null;
        s.Beside.Clear();
        s.Plan = null;
        s.Activity = string.Empty;
        s.Doing = new ProjectActivity(ActivityKind.DataDeleted);
        return s;
    }

    public static string TitleOf(string idea)
    {
        var firstLine = idea.Split('\n', 2)[0].Trim();
        return firstLine.Length <= 60 ? firstLine : firstLine[..57] + "…";
    }

    public static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }

    /// <summary>One decision in the making: the copy of the state it changes and what it has decided so far.</summary>
    private sealed class Turn(ProjectGrainState s, ProjectOptions options, DateTimeOffset now)
    {
        public ProjectGrainState S { get; } = s;

        public bool Changed { get; private set; }

        public List<ActiveStep> Dispatched { get; } = [];

        public List<PendingEvent> Events { get; } = [];

        public List<WorkflowEffect> Effects { get; } = [];

        private bool IsTerminal => S.State.IsTerminal();

        // ---- Commands ------------------------------------------------------------------------------------------

        public CommandReply Create(CreateProject c)
        {
            if (S.UserId != 0)
            {
                return new CommandReply(ReplyKind.AlreadyExists);
            }

            if (TooLong(c.Idea) is { } problem)
            {
                return problem;
            }

            Change();
            S.Version = ProjectGrainState.CurrentVersion;
            S.UserId = c.UserId;
            S.Idea = c.Idea.Trim();
            S.Language = c.Language is { Length: > 0 and <= 40 } language && language.All(ch => char.IsAsciiLetter(ch) || ch == ' ') ? language : null;
            S.State = ProjectState.GatheringRequirements;
            S.CreatedAt = now;
            Effects.Add(new RecordMessage("user", S.Idea));
            Effects.Add(new RegisterWithUser(TitleOf(S.Idea), S.CreatedAt));
            Effects.Add(new EnsureTick());
            Publish(new IdeaReceived());
            Dispatch(NewStep(QuestionsInputFor(lastRound: false)));
            return new CommandReply(ReplyKind.ProjectStarted);
        }

        public CommandReply Answer(AnswerQuestions a)
        {
            if (!Owns(a.UserId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (TooLong(a.Answers) is { } problem)
            {
                return problem;
            }

            var round = S.Rounds.LastOrDefault();
            if (S.State != ProjectState.ClarifyingDetails || S.Step is not null || round is null || round.Questions.Count == 0 || round.Answers is not null)
            {
                return WhatIsExpected();
            }

            Change();
            round.Answers = a.Answers.Trim();
            Effects.Add(new RecordMessage("user", round.Answers));
            Dispatch(NewStep(QuestionsInputFor(lastRound: S.Rounds.Count >= options.MaxQuestionRounds)));
            return new CommandReply(ReplyKind.AnswersTaken);
        }

        public CommandReply ConfirmScope(long userId)
        {
            if (!Owns(userId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (S.State != ProjectState.ConfirmingScope || S.Step is not null)
            {
                return WhatIsExpected();
            }

            Change();
            Effects.Add(new RecordMessage("user", "Scope confirmed."));
            S.State = ProjectState.Planning;
            Publish(new ScopeConfirmed());
            Dispatch(NewStep(new PlanInput(Title, S.Scope ?? S.Idea, S.Idea)));
            return new CommandReply(ReplyKind.PlanningStarted);
        }

        public CommandReply CorrectScope(CorrectScope c)
        {
            if (!Owns(c.UserId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (S.State != ProjectState.ConfirmingScope || S.Step is not null)
            {
                return WhatIsExpected();
            }

            if (string.IsNullOrWhiteSpace(c.Correction) || c.Correction.Length > options.MaxMessageChars)
            {
                return new CommandReply(ReplyKind.ScopeCorrectionMissing);
            }

            Change();
            // Worded for the Architect, which reads the rounds as its conversation with the user.
            S.Rounds.Add(new QuestionRound { Answers = "Correction of the proposed scope: " + c.Correction.Trim() });
            Effects.Add(new RecordMessage("user", c.Correction.Trim()));
            S.State = ProjectState.ClarifyingDetails;
            Publish(new ScopeRevising());
            Dispatch(NewStep(QuestionsInputFor(lastRound: true)));
            return new CommandReply(ReplyKind.ScopeBeingRevised);
        }

        public CommandReply StartDevelopment(long userId)
        {
            if (!Owns(userId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (S.State != ProjectState.AwaitingStart)
            {
                return WhatIsExpected();
            }

            Change();
            S.State = ProjectState.Implementing;
            Publish(new DevelopmentStarted(S.Estimate, S.Cap));
            RunNext();
            return new CommandReply(ReplyKind.DevelopmentStarted);
        }

        /// <summary>
        /// At the plan stage the user asks for a change in their own words: the Architect revises the docs and TODO.md
        /// (a new commit) and estimates again, at most <see cref="ProjectOptions.MaxPlanRevisions"/> times.
        /// </summary>
        public CommandReply RevisePlan(RevisePlan r)
        {
            if (!Owns(r.UserId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (S.State != ProjectState.AwaitingStart || S.Step is not null)
            {
                return WhatIsExpected();
            }

            if (string.IsNullOrWhiteSpace(r.Request) || r.Request.Length > options.MaxMessageChars)
            {
                return new CommandReply(ReplyKind.PlanChangeMissing, r.Request.Length, options.MaxMessageChars);
            }

            if (S.PlanRevisions >= options.MaxPlanRevisions)
            {
                return new CommandReply(ReplyKind.PlanRevisionsUsed, S.PlanRevisions, options.MaxPlanRevisions);
            }

            Change();
            Effects.Add(new RecordMessage("user", r.Request.Trim()));
            // Planning while the Architect revises: "Start development" waits for the revised plan and its estimate.
            S.State = ProjectState.Planning;
            Publish(new PlanRevising(S.PlanRevisions + 1));
            Dispatch(NewStep(new RevisePlanInput(Title, r.Request.Trim(), S.PlanRevisions + 1)));
            return new CommandReply(ReplyKind.PlanBeingRevised);
        }

        public CommandReply Resume(ResumeProject r)
        {
            if (!Owns(r.UserId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (S.State != ProjectState.Paused)
            {
                return new CommandReply(ReplyKind.NotPaused);
            }

            if (r.Decision == ResumeDecision.Stop)
            {
                return Cancel(r.UserId);
            }

            switch (S.Pause)
            {
                case PauseReason.NoCredits:
                    var needed = Math.Max(S.CreditsToResume, 0.01m);
                    if (r.CreditsAvailable < needed)
                    {
                        return new CommandReply(ReplyKind.NeedsCredits, r.CreditsAvailable, needed);
                    }

                    break;
                case PauseReason.CreditCapReached when S.CreditsUsed >= S.Cap:
                    return new CommandReply(ReplyKind.CapStillReached, S.CreditsUsed, S.Cap);
            }

            Change();
            if (S.Pause == PauseReason.NeedsDecision)
            {
                ApplyDecision(r.Decision);
            }

            Unpause();
            return new CommandReply(ReplyKind.Resumed);
        }

        public CommandReply RaiseCap(RaiseCap r)
        {
            if (!Owns(r.UserId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (IsTerminal)
            {
                return new CommandReply(ReplyKind.HasEnded);
            }

            if (r.ExtraCredits <= 0)
            {
                return new CommandReply(ReplyKind.CapIncreaseNotPositive);
            }

            Change();
            S.Cap += r.ExtraCredits;
            if (S.State == ProjectState.Paused && S.Pause == PauseReason.CreditCapReached && S.CreditsUsed < S.Cap)
            {
                Unpause();
                return new CommandReply(ReplyKind.CapRaisedAndResumed, S.Cap);
            }

            return new CommandReply(ReplyKind.CapRaised, S.Cap);
        }

        public CommandReply Cancel(long userId)
        {
            if (!Owns(userId))
            {
                return new CommandReply(ReplyKind.NotYours);
            }

            if (IsTerminal)
            {
                return new CommandReply(ReplyKind.HasEnded);
            }

            if (S.CancelRequested)
            {
                return new CommandReply(ReplyKind.AlreadyStopping);
            }

            Change();
            S.CancelRequested = true;
            Effects.Add(new RecordMessage("user", "/cancel"));
            if (S.Step is not null)
            {
                Publish(new StopRequested(S.Doing, S.CreditsUsed));
                return new CommandReply(ReplyKind.StoppingAfterStep, S.CreditsUsed);
            }

            BeginCancellation();
            return new CommandReply(ReplyKind.Stopping, S.CreditsUsed);
        }

        // ---- Reports and wake-ups --------------------------------------------------------------------------------

        public CommandReply? Reported(StepReported reported)
        {
            var step = S.Step;
            if (step is null || step.Id != reported.Report.StepId)
            {
                if (S.Beside.FirstOrDefault(b => b.Id == reported.Report.StepId) is { } beside)
                {
                    ReportedBeside(beside, reported);
                }

                // Otherwise a report of a step that is not running (a duplicate, or a re-dispatched step's first run).
                return null;
            }

            Change();
            S.Step = null;
            S.CreditsUsed = reported.CreditsUsed;
            switch (reported.Report.Result)
            {
                case CreditsExhausted exhausted:
                    S.RetryStep = step;
                    S.CreditsToResume = exhausted.CreditsNeeded;
                    Pause(PauseReason.NoCredits, new PausedForCredits(exhausted.CreditsNeeded, exhausted.Limit) { Choices = [ResumeChoice.Retry] });
                    break;
                case ModelUnavailable unavailable:
                    S.UnavailableSteps++;
                    if (S.UnavailableSteps >= options.MaxUnavailableSteps)
                    {
                        Fail(FailureReason.NoModel, FirstLine(unavailable.Detail));
                    }
                    else
                    {
                        S.RetryStep = step;
                        S.Doing = new ProjectActivity(ActivityKind.WaitingForModel);
                        if (S.UnavailableSteps == 1)
                        {
                            // Said once, at the first failed step; the next news is the provider's return or the end.
                            Publish(new WaitingForModelProvider(options.MaxUnavailableSteps - 1));
                        }
                    }

                    break;
                case StepFailed failed:
                    OnFailed(step, failed);
                    break;
                case var result when Fits(step, result):
                    if (S.UnavailableSteps > 0)
                    {
                        S.UnavailableSteps = 0;
                        Publish(new ModelProviderBack());
                    }

                    OnSucceeded(step, result);
                    break;
                default:
                    OnFailed(step, new StepFailed(StepFailure.Unexpected,
                        $"The {step.Kind} step reported a {reported.Report.Result.GetType().Name}, which is not its kind of result.", null));
                    break;
            }

            Continue();
            return null;
        }

        /// <summary>
        /// Items the running items step landed so far: counted as if the step had reported them (news, plan, failures),
        /// its lease renewed, and reviews of phases now complete started beside it. Whether the step should go on
        /// starting items is <see cref="GoesOn"/>.
        /// </summary>
        public CommandReply? Progressed(StepProgressed progressed)
        {
            if (S.Step is not { Kind: StepKind.Implement } step || step.Id != progressed.Report.StepId || progressed.Report.Result is not ImplementItemsResult items
                || IsTerminal)
            {
                return null;
            }

            Change();
            S.CreditsUsed = progressed.CreditsUsed;
            step.DispatchedAt = now;
            OnSucceeded(step, items);
            if (S.State == ProjectState.Implementing && step.Request is ImplementItemsInput input)
            {
                S.Doing = ItemsActivity(input.ItemIds);
            }

            PauseAtCap();
            if (S.State == ProjectState.Implementing && !S.CancelRequested)
            {
                StartReviewsBeside();
            }

            return null;
        }

        /// <summary>While the items step runs: the reviews of the phases it has completed start beside it (as far as the first phase still open).</summary>
        private void StartReviewsBeside()
        {
            if (S.Plan is not { } plan)
            {
                return;
            }

            var open = OpenItems(S);
            var followUp = open.Any(i => i.FollowUp);
            foreach (var phase in plan.Phases())
            {
                if (open.Any(i => !i.FollowUp && i.Phase == phase) || !RoomBeside())
                {
                    return;
                }

                if (ReviewDue(phase, followUp))
                {
                    DispatchBeside(ReviewStep(phase));
                }
            }
        }

        /// <summary>
        /// A step that ran beside the main one: a review's findings join the plan (as when it runs alone) and the
        /// README counts as written. One that failed in any way is simply not counted: the review (or the README) is
        /// done again in the main line, where the usual rules for failures, credits and models apply.
        /// </summary>
        private void ReportedBeside(ActiveStep step, StepReported reported)
        {
            Change();
            S.Beside.Remove(step);
            S.CreditsUsed = reported.CreditsUsed;
            switch (reported.Report.Result)
            {
                case VerifyResult verdict when step.Kind == StepKind.Verify:
                    OnVerified(step, verdict);
                    break;
                case ReadmeResult when step.Kind == StepKind.Readme:
                    OnReadme(step);
                    break;
                default:
                    S.BesideFailed = true;
                    break;
            }

            Continue();
        }

        public CommandReply? Tick(bool stepSiloGone)
        {
            if (S.FailedTicks > 0)
            {
                Change();
                S.FailedTicks = 0;
            }

            if (IsTerminal || S.UserId == 0)
            {
                Change();
                Effects.Add(new StopTick());
                return null;
            }

            foreach (var beside in S.Beside.ToList())
            {
                if (stepSiloGone || now - beside.DispatchedAt > options.StepLease)
                {
                    RedispatchBeside(beside);
                }
            }

            if (S.Step is { } running)
            {
                if (stepSiloGone || now - running.DispatchedAt > options.StepLease)
                {
                    // The worker is presumed lost (its silo died, or it stayed silent past the lease). The same step
                    // id: recorded answers are replayed, committed work is recognised.
                    Redispatch(running);
                }

                return null;
            }

            if (S.RetryStep is { } retry && S.State != ProjectState.Paused)
            {
                Change();
                S.RetryStep = null;
                retry.Attempt++;
                Dispatch(retry);
                return null;
            }

            Continue();
            return null;
        }

        public CommandReply? SiloDied(bool stepSiloGone)
        {
            if (!IsTerminal && stepSiloGone)
            {
                foreach (var beside in S.Beside.ToList())
                {
                    RedispatchBeside(beside);
                }

                if (S.Step is { } running)
                {
                    Redispatch(running);
                }
            }

            return null;
        }

        public CommandReply? WakeFailed()
        {
            // A wake-up that keeps failing must not become an endless loop: after a few, the project asks.
            Change();
            S.FailedTicks++;
            if (S.FailedTicks >= options.MaxFailedTicks && !IsTerminal && S.State != ProjectState.Paused)
            {
                S.RetryStep = S.Step ?? S.RetryStep;
                S.Step = null;
                S.Decision = new InfrastructureDecision();
                Pause(PauseReason.NeedsDecision, new PausedInternalProblem(S.FailedTicks) { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] });
            }

            return null;
        }

        // ---- Step results ----------------------------------------------------------------------------------------

        private static bool Fits(ActiveStep step, StepResult result) => (step.Kind, result) switch
        {
            (StepKind.Questions, QuestionsResult) or (StepKind.Plan, PlanResult) or (StepKind.RevisePlan, PlanRevisedResult) or (StepKind.Implement, ImplementResult)
                or (StepKind.Implement, ImplementItemsResult) or (StepKind.Verify, VerifyResult)
                or (StepKind.Test, TestResult) or (StepKind.Diagnose, DiagnoseResult) or (StepKind.Readme, ReadmeResult) or (StepKind.Package, PackageResult) => true,
            _ => false,
        };

        private void OnSucceeded(ActiveStep step, StepResult result)
        {
            switch (result)
            {
                case QuestionsResult { Questions.Count: > 0 } questions:
                    S.Rounds.Add(new QuestionRound { Questions = questions.Questions.ToList() });
                    S.State = ProjectState.ClarifyingDetails;
                    S.Doing = new ProjectActivity(ActivityKind.WaitingForAnswers);
                    Effects.Add(new RecordMessage("architect", string.Join('\n', questions.Questions.Select(q => q.Text))));
                    Publish(new QuestionsAsked(questions.Questions));
                    break;
                case QuestionsResult scope:
                    S.Title = scope.Title;
                    S.Scope = scope.Scope;
                    S.State = ProjectState.ConfirmingScope;
                    S.Doing = new ProjectActivity(ActivityKind.WaitingForScopeConfirmation);
                    Effects.Add(new RecordMessage("architect", scope.Scope ?? string.Empty));
                    Publish(new ScopeProposed(Title, S.Scope ?? string.Empty));
                    break;
                case PlanResult plan:
                    // The estimate is of the whole project, like the final cost it is compared with (and the cap with
                    // what the project has used): what the questions and the plan cost, and the work still to do.
                    S.Estimate = S.CreditsUsed + plan.Estimate;
                    S.Cap = Math.Round(plan.Estimate * options.CreditCapFactor, 2);
                    SetPlan(plan.Plan);
                    S.State = ProjectState.AwaitingStart;
                    S.Doing = new ProjectActivity(ActivityKind.WaitingForStart);
                    Publish(new PlanReady(S.TodoTotal, S.Estimate, S.Cap, plan.MissingTools is { Count: > 0 } missing ? missing : null));
                    break;
                case PlanRevisedResult revised:
                    OnPlanRevised(revised);
                    break;
                case ImplementResult implemented:
                    S.ItemFailures.Remove(implemented.ItemId);
                    MergePlan(implemented.Plan);
                    ItemLanded(new ItemDone(implemented.ItemId, implemented.ChangedFiles, implemented.Check));
                    break;
                case ImplementItemsResult items:
                    // Each item of a parallel step counts on its own: done ones are published in plan order, a failed
                    // one is counted against that item alone (and asks the user when it keeps failing).
                    MergePlan(items.Plan);
                    foreach (var item in items.Items)
                    {
                        if (item.Done is { } done)
                        {
                            S.ItemFailures.Remove(done.ItemId);
                            ItemLanded(new ItemDone(done.ItemId, done.ChangedFiles, done.Check));
                        }
                        else if (item.Failed is { } failed)
                        {
                            OnItemFailed(item.ItemId, failed);
                        }
                    }

                    break;
                case VerifyResult verdict:
                    OnVerified(step, verdict);
                    break;
                case TestResult tested:
                    OnTested(tested);
                    break;
                case DiagnoseResult diagnosis:
                    S.Tests = diagnosis.Fixes.Count > 0 ? TestStage.Pending : TestStage.GaveUp;
                    MergePlan(diagnosis.Plan);
                    Publish(new FixesPlanned(diagnosis.Fixes.Count));
                    break;
                case ReadmeResult:
                    OnReadme(step);
                    break;
                case PackageResult package:
                    OnPackaged(package);
                    break;
            }
        }

        private void OnPlanRevised(PlanRevisedResult revised)
        {
            var before = S.Plan?.Items ?? [];
            var after = revised.Plan.Items;
            var added = after.Where(i => before.All(b => b.Id != i.Id || b.Text != i.Text)).Select(i => $"{i.Id} {i.Text}").ToList();
            var removed = before.Where(b => after.All(i => i.Id != b.Id || i.Text != b.Text)).Select(b => $"{b.Id} {b.Text}").ToList();
            var previous = S.Estimate;
            S.PlanRevisions++;
            S.Estimate = S.CreditsUsed + revised.Estimate;
            S.Cap = Math.Round(revised.Estimate * options.CreditCapFactor, 2);
            SetPlan(revised.Plan);
            S.State = ProjectState.AwaitingStart;
            S.Doing = new ProjectActivity(ActivityKind.WaitingForStart);
            Publish(new PlanRevised(S.PlanRevisions, options.MaxPlanRevisions, S.TodoTotal, S.Estimate, previous, S.Cap, added, removed, revised.ChangedFiles,
                revised.MissingTools is { Count: > 0 } missing ? missing : null));
        }

        /// <summary>An item's commit landed: what judged or described the code as it was (passed tests, a passing final review, a README) is out of date.</summary>
        private void ItemLanded(ItemDone done)
        {
            S.ReadmeDone = false;
            if (S.Tests == TestStage.Passed)
            {
                // Tests that passed before this commit (the final review beside them found gaps) run again.
                S.Tests = TestStage.Pending;
            }

            if (S.FinalReviewPassed)
            {
                S.FinalReviewDone = false;
                S.FinalReviewPassed = false;
            }

            Publish(done);
        }

        /// <summary>
        /// Whether a finding was reported before <paramref name="step"/> was dispatched (a review that runs beside another
        /// may report the same finding at the same time: that is not a finding that came back after its fix). Findings
        /// recorded before the time was kept count as earlier.
        /// </summary>
        private bool SeenBefore(string fingerprint, ActiveStep step) =>
            S.FindingFingerprints.Contains(fingerprint)
            && (!S.FindingSeenAt.TryGetValue(fingerprint, out var at)
                || !int.TryParse(step.Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || at < number);

        /// <summary>The README counts when no item landed while it was written (else it is written again).</summary>
        private void OnReadme(ActiveStep step) => S.ReadmeDone = S.TodoDone == step.DoneAtDispatch;

        private void OnVerified(ActiveStep step, VerifyResult verdict)
        {
            var phase = step.Phase;
            if (verdict.Gaps.Count == 0)
            {
                if (phase == 0 && S.TodoDone != step.DoneAtDispatch)
                {
                    // A final review that began beside the last phase's review or the tests, before items landed: it
                    // passed code that has changed since, so it is done again.
                    MergePlan(verdict.Plan);
                    return;
                }

                MarkVerified(phase);
                S.FinalReviewPassed = phase == 0;
                Publish(new ReviewPassed(phase));
                return;
            }

            var titles = verdict.Gaps.Select(g => g.Title).ToList();
            var fingerprints = verdict.Gaps.Select(g => g.Fingerprint).Where(f => f.Length > 0).Distinct().ToList();
            if (fingerprints.Count > 0 && fingerprints.All(f => SeenBefore(f, step)))
            {
                S.Decision = new ReviewDecision(phase);
                Pause(PauseReason.NeedsDecision, new PausedReviewRepeats(phase, titles) { Choices = [ResumeChoice.Retry, ResumeChoice.Skip, ResumeChoice.Stop] });
                return;
            }

            foreach (var fingerprint in fingerprints.Where(f => !S.FindingFingerprints.Contains(f)))
            {
                S.FindingFingerprints.Add(fingerprint);
                S.FindingSeenAt[fingerprint] = S.StepCounter;
            }

            S.VerifyRounds[phase] = S.VerifyRounds.GetValueOrDefault(phase) + 1;
            if (phase == 0 || S.VerifyRounds[phase] >= options.MaxVerificationRounds)
            {
                MarkVerified(phase);
            }

            if (phase == 0)
            {
                S.Tests = TestStage.Pending;
            }

            MergePlan(verdict.Plan);
            Publish(new ReviewFoundGaps(phase, titles));
        }

        private void OnTested(TestResult tested)
        {
            S.LastTestCommand = tested.Command;
            S.LastTestOutput = tested.Output;
            S.LastTestExitCode = tested.ExitCode;
            switch (tested.Outcome)
            {
                case TestOutcome.Passed:
                    S.Tests = TestStage.Passed;
                    Publish(new TestsPassed(tested.Command, tested.Seconds));
                    return;
                case TestOutcome.NoTestCommand or TestOutcome.SandboxUnavailable or TestOutcome.CouldNotRun:
                    S.Tests = TestStage.GaveUp;
                    S.DeliveryNotes.Add(new TestsNotRunNote(tested.Outcome, FirstLine(tested.Output)));
                    Publish(new TestsNotPassing(tested.Outcome, 0, tested.Command, tested.ExitCode, FirstLine(tested.Output)));
                    return;
            }

            S.TestRounds++;
            if (S.TestRounds > options.MaxTestFixRounds)
            {
                S.Tests = TestStage.GaveUp;
                S.DeliveryNotes.Add(new TestsStillFailNote(options.MaxTestFixRounds, tested.Command, tested.ExitCode));
                Publish(new TestsNotPassing(tested.Outcome, options.MaxTestFixRounds, tested.Command, tested.ExitCode, FirstLine(tested.Output)));
                return;
            }

            S.Tests = TestStage.NeedsDiagnosis;
            Publish(new TestsFailed(tested.Command, tested.ExitCode, tested.Outcome == TestOutcome.Stopped));
        }

        private void OnPackaged(PackageResult package)
        {
            S.PackageFileName = package.FileName;
            if (S.CancelRequested)
            {
                S.State = ProjectState.Cancelled;
                S.Doing = new ProjectActivity(ActivityKind.Cancelled);
                Publish(new Cancelled(package.FileName));
                return;
            }

            S.State = ProjectState.Completed;
            S.Doing = new ProjectActivity(ActivityKind.Delivered);
            Publish(new Delivered(package.FileName ?? string.Empty, S.Tests == TestStage.Passed, S.DeliveryNotes.ToList()));
        }

        private void OnFailed(ActiveStep step, StepFailed failed)
        {
            switch (step.Kind)
            {
                case StepKind.Implement:
                    OnItemFailed(step.ItemId!, failed);
                    break;
                case StepKind.Test:
                    S.Tests = TestStage.GaveUp;
                    S.DeliveryNotes.Add(new TestsNotRunNote(TestOutcome.CouldNotRun, FirstLine(failed.Detail)));
                    break;
                case StepKind.Package:
                    Fail(FailureReason.PackageFailed, failed.Detail);
                    break;
                default:
                    S.Decision = new StepDecision(step.Kind);
                    S.RetryStep = step;
                    Pause(PauseReason.NeedsDecision, new PausedStepFailed(step.Kind, FirstLine(failed.Detail)) { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] });
                    break;
            }
        }

        /// <summary>An item's attempt failed: counted, and when it keeps failing (or fails the same way) the user is asked.</summary>
        private void OnItemFailed(string item, StepFailed failed)
        {
            var failures = S.ItemFailures[item] = S.ItemFailures.GetValueOrDefault(item) + 1;
            var repeated = failed.Fingerprint is not null && S.FailureFingerprints.GetValueOrDefault(item) == failed.Fingerprint;
            if (failed.Fingerprint is not null)
            {
                S.FailureFingerprints[item] = failed.Fingerprint;
            }

            // One question at a time: another item of a parallel step that also needs the user waits for the next round.
            if ((failures >= options.MaxItemAttempts || repeated) && S.State != ProjectState.Paused)
            {
                S.Decision = new ItemDecision(item);
                Pause(PauseReason.NeedsDecision, new PausedItemFailing(item, failures, repeated, FirstLine(failed.Detail))
                {
                    Choices = [ResumeChoice.Retry, ResumeChoice.Skip, ResumeChoice.Stop],
                });
            }
        }

        // ---- What comes next -------------------------------------------------------------------------------------

        /// <summary>After a report or a wake-up: stop if asked, pause at the cap, else dispatch the next step.</summary>
        private void Continue()
        {
            Change();
            if (S.CancelRequested && S.Step is null && !IsTerminal && S.State != ProjectState.Delivering)
            {
                BeginCancellation();
                return;
            }

            PauseAtCap();
            RunNext();
            if (IsTerminal)
            {
                Effects.Add(new StopTick());
            }
        }

        /// <summary>Pauses a project that is implementing or finalising once what it used reaches its cap.</summary>
        private void PauseAtCap()
        {
            if (!IsTerminal && S.Cap > 0 && S.CreditsUsed >= S.Cap && S.State is ProjectState.Implementing or ProjectState.Finalizing)
            {
                Pause(PauseReason.CreditCapReached, new PausedAtCap(S.CreditsUsed, S.Cap) { Choices = [ResumeChoice.RaiseCap, ResumeChoice.Stop] });
            }
        }

        private void RunNext()
        {
            if (S.Step is not null || S.RetryStep is not null || S.State == ProjectState.Paused || IsTerminal)
            {
                return;
            }

            var next = S.State switch
            {
                ProjectState.Planning => NewStep(new PlanInput(Title, S.Scope ?? S.Idea, S.Idea)),
                ProjectState.Implementing or ProjectState.Finalizing => NextOfThePlan(),
                ProjectState.Delivering => NewStep(new PackageInput(Title)),
                _ => null,
            };
            if (next is not null)
            {
                Dispatch(next);
            }
        }

        /// <summary>The next step of implementation and finalisation, from the plan as the last step left it.</summary>
        private ActiveStep? NextOfThePlan()
        {
            if (S.Plan is not { } plan)
            {
                Fail(FailureReason.PlanMissing, "TODO.md is missing from the repository.");
                return null;
            }

            var open = OpenItems(S);
            // Follow-ups (findings, test fixes) first, then the phases in order: a phase's items, then its review. A
            // finished phase's review runs beside whatever work comes after it, when there is room beside.
            var followUp = open.FirstOrDefault(i => i.FollowUp);
            List<PlanItem>? batch = followUp is null ? null : [followUp];
            ActiveStep? review = null;
            foreach (var phase in plan.Phases())
            {
                if (open.FirstOrDefault(i => !i.FollowUp && i.Phase == phase) is { } item)
                {
                    // With steps beside, one items step takes the open items of every phase from here on and runs them
                    // as a rolling window (each starts when what it needs has landed and a slot is free; they land in
                    // plan order and are reported as they land, so reviews start beside it phase by phase).
                    batch ??= options.StepsBeside > 0
                        ? open.Where(i => !i.FollowUp).Take(MaxItemsPerStep).ToList()
                        : Independent(item, open.Where(i => !i.FollowUp && i.Phase == phase).ToList());
                    break;
                }

                if (!ReviewDue(phase, followUp is not null))
                {
                    continue;
                }

                if (RoomBeside() && (followUp is not null || open.Any(i => !i.FollowUp && i.Phase > phase)))
                {
                    // Work comes after it: the review runs beside, and its findings are done when they come.
                    DispatchBeside(ReviewStep(phase));
                    continue;
                }

                review = batch is null ? ReviewStep(phase) : null;
                if (review is not null && open.Count == 0)
                {
                    // The last review before finalising: the final review and the README start beside it (and the
                    // tests after it); they count only if no item lands meanwhile (see ItemLanded).
                    StartFinalBeside();
                }

                break;
            }

            if (batch is not null)
            {
                return ImplementStep(batch);
            }

            if (review is not null)
            {
                return review;
            }

            if (S.Beside.FirstOrDefault(b => b.Kind == StepKind.Verify && b.Phase > 0) is { } pending)
            {
                // The reviews still running may add items: finalising waits for them.
                S.Doing = new ProjectActivity(ActivityKind.Reviewing, Phase: pending.Phase);
                return null;
            }

            if (S.State != ProjectState.Finalizing)
            {
                S.State = ProjectState.Finalizing;
                Publish(new FinalizingStarted());
            }

            switch (S.Tests)
            {
                case TestStage.Pending:
                    return NewStep(new TestInput());
                case TestStage.NeedsDiagnosis:
                    return NewStep(new DiagnoseInput(S.TestRounds, S.LastTestCommand ?? "?", S.LastTestExitCode, S.LastTestOutput ?? string.Empty));
            }

            if (!S.FinalReviewDone)
            {
                if (S.Beside.Any(b => b.Kind == StepKind.Verify && b.Phase == 0))
                {
                    S.Doing = new ProjectActivity(ActivityKind.Reviewing, Phase: 0);
                    return null;
                }

                // Written beside the final review; written again if items land meanwhile (see ItemLanded).
                StartReadmeBeside();
                return NewStep(new VerifyInput(0, 1), phase: 0);
            }

            if (!S.ReadmeDone)
            {
                if (S.Beside.Any(b => b.Kind == StepKind.Readme))
                {
                    S.Doing = new ProjectActivity(ActivityKind.WritingReadme);
                    return null;
                }

                return NewStep(new ReadmeInput(Title));
            }

            S.State = ProjectState.Delivering;
            Publish(new PackagingStarted());
            return NewStep(new PackageInput(Title));
        }

        /// <summary>
        /// <paramref name="first"/> and the open items of its phase that may run beside it, up to
        /// <see cref="ProjectOptions.ParallelItems"/>: each says which items it needs (<c>after:</c>), none of those is
        /// still open, and the files it names are named by no other item of the batch. An item that names no files or
        /// does not say what it needs runs alone.
        /// </summary>
        private List<PlanItem> Independent(PlanItem first, IReadOnlyList<PlanItem> openInPhase)
        {
            var batch = new List<PlanItem> { first };
            if (options.ParallelItems <= 1 || !MayRunBeside(first, openInPhase, batch, out var files))
            {
                return batch;
            }

            foreach (var candidate in openInPhase.Where(i => i.Id != first.Id))
            {
                if (batch.Count >= options.ParallelItems)
                {
                    break;
                }

                if (MayRunBeside(candidate, openInPhase, batch, out var candidateFiles) && !candidateFiles.Overlaps(files))
                {
                    batch.Add(candidate);
                    files.UnionWith(candidateFiles);
                }
            }

            return batch;
        }

        private static bool MayRunBeside(PlanItem item, IReadOnlyList<PlanItem> openInPhase, List<PlanItem> batch, out HashSet<string> files)
        {
            files = new HashSet<string>(ItemClauses.Files(item.Text), StringComparer.OrdinalIgnoreCase);
            var after = ItemClauses.After(item.Text);
            return files.Count > 0 && after is not null
                && !after.Any(id => openInPhase.Any(o => o.Id == id) || batch.Any(b => b.Id == id));
        }

        /// <summary>
        /// One item alone works in the working copy; several, or any while a step runs beside (whose commits must not
        /// meet an item's half-applied edits), work in trees of their own and land commit by commit.
        /// </summary>
        private ActiveStep ImplementStep(IReadOnlyList<PlanItem> batch) => batch.Count == 1 && S.Beside.Count == 0
            ? NewStep(new ImplementInput(Title, batch[0].Id), batch[0].Id)
            : NewStep(new ImplementItemsInput(Title, batch.Select(i => i.Id).ToList()), batch[0].Id);

        private void StartFinalBeside()
        {
            if (!S.FinalReviewDone && RoomBeside() && S.Beside.All(b => !(b.Kind == StepKind.Verify && b.Phase == 0)))
            {
                DispatchBeside(NewStep(new VerifyInput(0, 1), phase: 0));
            }

            StartReadmeBeside();
        }

        private void StartReadmeBeside()
        {
            if (!S.ReadmeDone && RoomBeside() && S.Beside.All(b => b.Kind != StepKind.Readme))
            {
                DispatchBeside(NewStep(new ReadmeInput(Title)));
            }
        }

        /// <summary>Items one rolling items step takes at most (its input and its reports stay small).</summary>
        private const int MaxItemsPerStep = 64;

        /// <summary>
        /// Whether a phase whose items are done is to be reviewed now: not verified, not under review beside, and — when
        /// follow-ups wait — not a phase whose findings they may be (it is reviewed again after them).
        /// </summary>
        private bool ReviewDue(int phase, bool followUpsWait) =>
            !S.VerifiedPhases.Contains(phase) && !S.Beside.Any(b => b.Kind == StepKind.Verify && b.Phase == phase)
            && !(followUpsWait && S.VerifyRounds.GetValueOrDefault(phase) > 0);

        private ActiveStep ReviewStep(int phase) => NewStep(new VerifyInput(phase, S.VerifyRounds.GetValueOrDefault(phase) + 1), phase: phase);

        /// <summary>Whether one more step may start beside the main one.</summary>
        private bool RoomBeside() => !S.BesideFailed && S.Beside.Count < options.StepsBeside && !S.CancelRequested;

        private ActiveStep NewStep(StepInput input, string? itemId = null, int phase = 0)
        {
            S.StepCounter++;
            return new ActiveStep
            {
                Id = "s" + S.StepCounter.ToString("D4", CultureInfo.InvariantCulture),
                Kind = input.Kind,
                ItemId = itemId,
                Phase = phase,
                Request = input,
                Attempt = 1,
                DoneAtDispatch = S.TodoDone,
            };
        }

        private void Dispatch(ActiveStep step)
        {
            Change();
            step.DispatchedAt = now;
            S.Step = step;
            S.Doing = ActivityOf(step);
            Dispatched.Add(step);
        }

        /// <summary>What the project does while <paramref name="step"/> runs.</summary>
        private ProjectActivity ActivityOf(ActiveStep step) => step.Request switch
        {
            QuestionsInput { Round: 1 } => new ProjectActivity(ActivityKind.ReadingIdea),
            QuestionsInput when S.Rounds.LastOrDefault() is { Questions.Count: 0 } => new ProjectActivity(ActivityKind.RevisingScope),
            QuestionsInput => new ProjectActivity(ActivityKind.ReadingAnswers),
            PlanInput => new ProjectActivity(ActivityKind.Planning),
            RevisePlanInput => new ProjectActivity(ActivityKind.RevisingPlan),
            ImplementInput implement => new ProjectActivity(ActivityKind.Implementing, implement.ItemId,
                S.Plan?.Items.FirstOrDefault(i => i.Id == implement.ItemId)?.Text),
            ImplementItemsInput items => ItemsActivity(items.ItemIds),
            VerifyInput verify => new ProjectActivity(ActivityKind.Reviewing, Phase: verify.Phase),
            TestInput => new ProjectActivity(ActivityKind.RunningTests),
            DiagnoseInput => new ProjectActivity(ActivityKind.DiagnosingTests),
            ReadmeInput => new ProjectActivity(ActivityKind.WritingReadme),
            PackageInput when S.CancelRequested => new ProjectActivity(ActivityKind.Stopping),
            PackageInput => new ProjectActivity(ActivityKind.Packaging),
            _ => ProjectActivity.None,
        };

        /// <summary>
        /// What an items step works on, as the user reads it: its first open items, as many as run at once (a rolling
        /// step may hold the rest of the plan), with "…" when more follow.
        /// </summary>
        private ProjectActivity ItemsActivity(IReadOnlyList<string> ids)
        {
            var open = ids.Where(id => S.Plan?.Items.FirstOrDefault(i => i.Id == id) is not { Done: true }).ToList();
            var shown = open.Take(Math.Max(1, options.ParallelItems)).ToList();
            return new ProjectActivity(ActivityKind.Implementing, string.Join(", ", shown) + (open.Count > shown.Count ? ", …" : string.Empty));
        }

        private void Redispatch(ActiveStep running)
        {
            Change();
            if (running.Attempt >= options.MaxStepDispatches)
            {
                S.Step = null;
                S.RetryStep = running;
                S.Decision = new StepDecision(running.Kind);
                Pause(PauseReason.NeedsDecision, new PausedStepLost(running.Kind, running.Attempt) { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] });
                return;
            }

            running.Attempt++;
            Dispatch(running);
        }

        /// <summary>A step beside presumed lost: sent again (same id), or given up after as many tries as a main step.</summary>
        private void RedispatchBeside(ActiveStep beside)
        {
            Change();
            S.Beside.Remove(beside);
            if (beside.Attempt >= options.MaxStepDispatches)
            {
                S.BesideFailed = true;
                return;
            }

            beside.Attempt++;
            DispatchBeside(beside);
        }

        private void DispatchBeside(ActiveStep step)
        {
            Change();
            step.DispatchedAt = now;
            S.Beside.Add(step);
            Dispatched.Add(step);
        }

        private void BeginCancellation()
        {
            S.CancelRequested = true;
            // What runs beside is not waited for: its report is ignored, and the package is made from what was committed.
            S.Beside.Clear();
            S.Pause = PauseReason.None;
            S.RetryStep = null;
            S.State = ProjectState.Delivering;
            Dispatch(NewStep(new PackageInput(Title)));
        }

        private void Pause(PauseReason reason, ProjectPaused news)
        {
            if (S.State != ProjectState.Paused)
            {
                S.StateBeforePause = S.State;
            }

            S.State = ProjectState.Paused;
            S.Pause = reason;
            S.Doing = new ProjectActivity(ActivityKind.Paused, Pause: reason);
            Publish(news);
        }

        private void Unpause()
        {
            S.State = S.StateBeforePause;
            S.Pause = PauseReason.None;
            S.Decision = null;
            S.Doing = ProjectActivity.None;
            Publish(new Resumed());
            if (S.RetryStep is { } retry)
            {
                S.RetryStep = null;
                retry.Attempt++;
                Dispatch(retry);
                return;
            }

            RunNext();
        }

        private void ApplyDecision(ResumeDecision decision)
        {
            switch (S.Decision)
            {
                case ReviewDecision review when decision == ResumeDecision.SkipItem:
                    MarkVerified(review.Phase);
                    break;
                case ReviewDecision:
                    S.FindingFingerprints.Clear();
                    S.FindingSeenAt.Clear();
                    break;
                case ItemDecision item:
                    S.ItemFailures.Remove(item.ItemId);
                    S.FailureFingerprints.Remove(item.ItemId);
                    if (decision == ResumeDecision.SkipItem)
                    {
                        S.SkippedItems.Add(item.ItemId);
                        S.DeliveryNotes.Add(new ItemSkippedNote(item.ItemId));
                    }

                    break;
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

        private void Fail(FailureReason reason, string detail)
        {
            S.State = ProjectState.Failed;
            S.Doing = new ProjectActivity(ActivityKind.Failed);
            Publish(new ProjectFailed(reason, detail));
        }

        /// <summary>
        /// TODO.md as a step that worked on it reports it. Steps beside each other commit one after the other, but their
        /// reports may arrive in any order; during development TODO.md only grows (sections appended) and items only get
        /// done, so the plan is the report with what the known plan has beyond it kept: nothing a later commit added or
        /// marked is lost to an earlier commit's report that arrives last.
        /// </summary>
        private void MergePlan(PlanSnapshot reported)
        {
            if (S.Plan is not { } known)
            {
                SetPlan(reported);
                return;
            }

            var doneBefore = known.Items.Where(i => i.Done).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var reportedIds = reported.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var items = reported.Items.Select(i => !i.Done && doneBefore.Contains(i.Id) ? i with { Done = true } : i).ToList();
            items.AddRange(known.Items.Where(i => !reportedIds.Contains(i.Id)));
            SetPlan(new PlanSnapshot(items));
        }

        private void SetPlan(PlanSnapshot plan)
        {
            S.Plan = plan;
            S.TodoDone = plan.DoneCount();
            S.TodoTotal = plan.TotalCount();
        }

        private void Publish(ProjectNews news)
        {
            Change();
            Events.Add(new PendingEvent(news, S.State, S.TodoDone, S.TodoTotal, S.CreditsUsed));
        }

        private void Change() => Changed = true;

        private string Title => S.Title ?? TitleOf(S.Idea);

        private QuestionsInput QuestionsInputFor(bool lastRound) =>
            new(S.Idea, S.Rounds.Select(r => new AnsweredRound(r.Questions, r.Answers)).ToList(), S.Rounds.Count + 1, lastRound, S.Language);

        private CommandReply WhatIsExpected() => S.State switch
        {
            _ when S.Step is not null => new CommandReply(ReplyKind.Busy),
            ProjectState.ClarifyingDetails => new CommandReply(ReplyKind.ExpectingAnswers),
            ProjectState.ConfirmingScope => new CommandReply(ReplyKind.ExpectingScopeConfirmation),
            ProjectState.AwaitingStart => new CommandReply(ReplyKind.ExpectingStart),
            ProjectState.Paused => new CommandReply(ReplyKind.IsPaused),
            _ when IsTerminal => new CommandReply(ReplyKind.HasEnded),
            _ => new CommandReply(ReplyKind.Busy),
        };

        private CommandReply? TooLong(string text) =>
            string.IsNullOrWhiteSpace(text) ? new CommandReply(ReplyKind.MessageEmpty)
            : text.Length > options.MaxMessageChars ? new CommandReply(ReplyKind.MessageTooLong, text.Length, options.MaxMessageChars)
            : null;

        private bool Owns(long userId) => ProjectWorkflow.Owns(S, userId);
    }
}
