using System.Globalization;
using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Bot.Handling;

/// <summary>
/// Every word a user reads about a project, made from the project's typed news, replies and activity — the one place
/// to translate. Plain text (callers escape it for HTML). Each text has a key, looked up in the user's language, with
/// the English text beside it (English when no language is given).
/// </summary>
public static class ProjectWording
{
    public static string Credits(decimal credits) => CreditMath.Display(credits);

    /// <summary>An amount of credits in words: "12.40 credits".</summary>
    public static string Amount(decimal credits, ChatLanguage? language = null) =>
        (language ?? ChatLanguage.English).Format("credits", "{0} credits", Credits(credits));

    /// <summary>Credits with what they are worth in Stars (when a rate is known): "12.40 credits (≈ 10 ⭐)".</summary>
    public static string Cost(decimal credits, ChatMoney? money, ChatLanguage? language = null)
    {
        var amount = Amount(credits, language);
        return money is { StarsPerCredit: > 0 } ? $"{amount} (≈ {Stars(credits, money.StarsPerCredit)} ⭐)" : amount;
    }

    /// <summary>Whole Stars, rounded up (a Star is not divisible).</summary>
    public static int Stars(decimal credits, decimal starsPerCredit) => (int)Math.Ceiling(Math.Max(0m, credits) * starsPerCredit);

    /// <summary>The text of an event (for questions, the introduction above them).</summary>
    public static string News(ProjectEvent e) => News(e, null, null);

    /// <summary>The text of an event, with costs also in Stars and, for a delivery, the balance when given.</summary>
    public static string News(ProjectEvent e, ChatMoney? money) => News(e, money, null);

    /// <summary>The text of an event, with costs also in Stars and, for a delivery, the balance when given, in the user's language.</summary>
    public static string News(ProjectEvent e, ChatMoney? money, ChatLanguage? language)
    {
        var l = language ?? ChatLanguage.English;
        return e.News switch
        {
            IdeaReceived => l.Text("news.ideaReceived", "Thanks! The Architect is reading your idea and will ask a few questions."),
            QuestionsAsked => l.Text("news.questionsAsked", "A few questions before planning (answer in one message):"),
            ScopeProposed s => l.Format("scope.header", "Proposed scope for \"{0}\":", s.Title) + "\n\n" + s.Scope,
            ScopeConfirmed => l.Text("news.scopeConfirmed", "Scope confirmed. The Architect is writing the requirements, architecture, API and deployment docs and the TODO plan."),
            ScopeRevising => l.Text("news.scopeRevising", "Thanks, the Architect is revising the scope."),
            PlanReady p => l.Format("news.planReady", "The plan is ready: {0} TODO items. Estimated cost: {1}. "
                                                      + "This is an estimate: you pay for what the models actually use, and the project stops to ask before spending more than {2}.",
                               p.Items, Cost(p.Estimate, money, l), Cost(p.Cap, money, l))
                           + (p.MissingTools is { Count: > 0 } missing
                               ? "\n" + l.Format("news.planReady.missingTools", "Note: this server has no {0}, which the plan's commands need: the code will be written "
                                                                               + "and reviewed, but its checks and tests cannot run here. Start only if that is acceptable.",
                                   string.Join(", ", missing.Select(t => $"`{t}`")))
                               : string.Empty),
            PlanRevising r => l.Format("news.planRevising", "The Architect is revising the plan as you asked (revision {0}).", r.Round),
            PlanRevised r => l.Format("news.planRevised", "The plan was revised as you asked (revision {0} of {1}): {2} TODO items.", r.Round, r.MaxRounds, r.Items)
                             + (r.Added.Count > 0 ? "\n" + l.Format("news.planRevised.added", "Added or changed: {0}", string.Join("; ", r.Added)) : string.Empty)
                             + (r.Removed.Count > 0 ? "\n" + l.Format("news.planRevised.removed", "Removed or replaced: {0}", string.Join("; ", r.Removed)) : string.Empty)
                             + (r.ChangedFiles.Count > 0 ? "\n" + l.Format("news.planRevised.files", "Files changed: {0}", string.Join(", ", r.ChangedFiles)) : string.Empty)
                             + "\n" + l.Format("news.planRevised.estimate", "New estimated cost: {0} (before: {1}). "
                                                                           + "This is an estimate: the project stops to ask before spending more than {2}.",
                                 Cost(r.Estimate, money, l), Amount(r.PreviousEstimate, l), Cost(r.Cap, money, l))
                             + (r.Round < r.MaxRounds ? string.Empty : "\n" + l.Text("news.planRevised.last", "That was the last revision: start development or cancel.")),
            DevelopmentStarted d => l.Format("news.developmentStarted", "Development started. Estimated cost {0} (cap {1}).", Amount(d.Estimate, l), Credits(d.Cap)),
            ItemDone i => l.Format("news.itemDone", "Done: {0} ({1} file(s) changed){2}", i.ItemId, i.ChangedFiles, Check(i.Check, l)),
            ReviewPassed r => l.Format("news.reviewPassed", "{0}: everything is in place.", Review(r.Phase, l)),
            ReviewFoundGaps r => l.Format("news.reviewFoundGaps", "{0} found {1} gap(s), added to the TODO: {2}", Review(r.Phase, l), r.Gaps.Count, string.Join("; ", r.Gaps)),
            FinalizingStarted => l.Text("news.finalizing", "All TODO items are done and reviewed. Running the project's tests in the sandbox."),
            TestsPassed t => l.Format("news.testsPassed", "Tests pass: `{0}` exited 0 after {1} s", t.Command, t.Seconds.ToString("0.0", CultureInfo.InvariantCulture)),
            TestsFailed t => l.Format("news.testsFailed", "Tests fail (`{0}` exited {1}{2}); the Architect is looking at why.",
                t.Command, t.ExitCode, t.Stopped ? l.Text("news.testsFailed.stopped", ", stopped by a limit") : string.Empty),
            TestsNotPassing t => TestsNotPassing(t.Outcome, t.Rounds, t.Command, t.ExitCode, t.Detail, l),
            FixesPlanned f => l.Format("news.fixesPlanned", "Test failures turned into {0} fix item(s).", f.Count),
            PackagingStarted => l.Text("news.packaging", "Packaging your project."),
            Resumed => l.Text("news.resumed", "Resumed."),
            StopRequested s => l.Format("news.stopRequested", "Stopping after the current step ({0}).", Activity(s.Current, l)) + " " + NotRefunded(s.CreditsUsed, l),
            Delivered d => l.Format("news.delivered", "Your project is ready: {0} ({1}/{2} TODO items, {3}). Final cost: {4}.", d.FileName, e.TodoDone, e.TodoTotal,
                               d.TestsPassed ? l.Text("news.delivered.testsPass", "tests pass") : l.Text("news.delivered.testsFail", "tests not passing"), Cost(e.CreditsUsed, money, l))
                           + (money?.Balance is { } balance ? l.Format("news.delivered.balance", " Your balance is now {0}.", Cost(balance.Available, money, l)) : string.Empty)
                           + (d.Notes.Count == 0 ? string.Empty : "\n" + l.Text("news.delivered.notes", "Notes:") + " " + string.Join(" ", d.Notes.Select(n => Note(n, l))))
                           + "\n\n" + l.Text("news.delivered.next", "What next: /history downloads it again at any time; describe a new idea in a message to start another project."),
            Cancelled { FileName: null } => l.Format("news.cancelled.empty", "Stopped. Nothing had been built yet. Credits used: {0}.", Credits(e.CreditsUsed)),
            Cancelled c => l.Format("news.cancelled", "Stopped. The work done so far is in {0}. Credits used: {1}.", c.FileName, Credits(e.CreditsUsed)),
            ProjectFailed f => l.Format("news.failed", "The project stopped: {0} It used {1} in all; nothing more will be charged. "
                                                       + "Describe your idea again in a message to start a new project.", Failure(f, l), Cost(e.CreditsUsed, money, l)),
            WaitingForModelProvider { TriesLeft: > 0 } w => l.Format("news.waitingForModel.tries", "The AI model provider is not answering right now. I keep retrying (up to {0} more time(s)) "
                                                                                                 + "and tell you when it works again. Failed tries cost nothing; your work so far is kept.", w.TriesLeft),
            WaitingForModelProvider => l.Text("news.waitingForModel", "The AI model provider is not answering right now. I keep retrying "
                                                                      + "and tell you when it works again. Failed tries cost nothing; your work so far is kept."),
            ModelProviderBack => l.Text("news.modelBack", "The AI model provider answers again; carrying on."),
            PausedForCredits { Limit: { } limit } => l.Format("news.pausedForLimit", "Your {0} credit limit of {1} credits is reached ({2} used). "
                                                                                     + "It renews at {3} UTC; tap Retry then, or ask the operators to raise it.",
                Period(limit.Period, l), Credits(limit.Limit), Credits(limit.Spent), limit.ResetsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
            PausedForCredits => l.Text("news.pausedForCredits", "Your credits ran out. Buy credits (/credits) and the project continues where it stopped."),
            PausedAtCap p => l.Format("news.pausedAtCap", "The project has used {0} credits, its cap ({1}). Raise the cap to go on, or stop.", Credits(p.CreditsUsed), Credits(p.Cap)),
            PausedItemFailing p => l.Format("news.pausedItemFailing", "TODO item {0} keeps failing ({1} attempt(s){2}): {3} Credits used so far: {4}. Retry, skip this item, or stop?",
                p.ItemId, p.Attempts, p.SameEdit ? l.Text("news.pausedItemFailing.sameEdit", ", the same edit again") : string.Empty, p.Detail, Credits(e.CreditsUsed)),
            PausedReviewRepeats p => l.Format("news.pausedReviewRepeats", "{0} keeps reporting the same gaps: {1}. Retry, skip this review, or stop?", Review(p.Phase, l), string.Join("; ", p.Gaps)),
            PausedStepFailed p => l.Format("news.pausedStepFailed", "The {0} step did not work out (the operators can see why). Nothing more was charged for it. Retry or stop?", Step(p.Step, l)),
            PausedStepLost p => l.Format("news.pausedStepLost", "The {0} step was interrupted {1} times (its server stopped). Nothing was charged twice. Retry or stop?", Step(p.Step, l), p.Times),
            PausedInternalProblem p => l.Format("news.pausedInternal", "DevBot ran into an internal problem and could not continue the project ({0} tries). "
                                                                       + "Nothing more was charged; the operators can see what happened. Retry or stop?", p.Tries),
            LegacyNews legacy => legacy.Text,
            _ => e.News.GetType().Name,
        };
    }

    /// <summary>What a project is doing, as the end of "Now: …" or "Please wait: …".</summary>
    public static string Activity(ProjectActivity a) => Activity(a, null);

    /// <summary>What a project is doing, in the user's language.</summary>
    public static string Activity(ProjectActivity a, ChatLanguage? language)
    {
        var l = language ?? ChatLanguage.English;
        return a.Kind switch
        {
            ActivityKind.ReadingIdea => l.Text("activity.readingIdea", "reading your idea"),
            ActivityKind.ReadingAnswers => l.Text("activity.readingAnswers", "reading your answers"),
            ActivityKind.WaitingForAnswers => l.Text("activity.waitingForAnswers", "waiting for your answers"),
            ActivityKind.RevisingScope => l.Text("activity.revisingScope", "revising the scope"),
            ActivityKind.WaitingForScopeConfirmation => l.Text("activity.waitingForScope", "waiting for your confirmation of the scope"),
            ActivityKind.Planning => l.Text("activity.planning", "writing the plan"),
            ActivityKind.RevisingPlan => l.Text("activity.revisingPlan", "revising the plan as you asked"),
            ActivityKind.WaitingForStart => l.Text("activity.waitingForStart", "waiting for you to start development"),
            ActivityKind.Implementing => l.Format("activity.implementing", "implementing {0}", a.ItemId) + (a.ItemText is null ? string.Empty : ": " + a.ItemText),
            ActivityKind.Reviewing => a.Phase == 0 ? l.Text("activity.finalReview", "final review") : l.Format("activity.reviewingPhase", "reviewing phase {0}", a.Phase),
            ActivityKind.RunningTests => l.Text("activity.runningTests", "running the tests in the sandbox"),
            ActivityKind.DiagnosingTests => l.Text("activity.diagnosingTests", "diagnosing failing tests"),
            ActivityKind.WritingReadme => l.Text("activity.writingReadme", "writing the README"),
            ActivityKind.Packaging => l.Text("activity.packaging", "packaging"),
            ActivityKind.Stopping => l.Text("activity.stopping", "stopping: packaging the work done so far"),
            ActivityKind.WaitingForModel => l.Text("activity.waitingForModel", "waiting for the model provider; will retry"),
            ActivityKind.Paused => l.Format("activity.paused", "paused: {0}", Pause(a.Pause, l)),
            ActivityKind.Delivered => l.Text("activity.delivered", "delivered"),
            ActivityKind.Cancelled => l.Text("activity.cancelled", "cancelled"),
            ActivityKind.Failed => l.Text("activity.failed", "failed"),
            ActivityKind.DataDeleted => l.Text("activity.dataDeleted", "data deleted"),
            ActivityKind.Legacy => a.Text ?? string.Empty,
            _ => string.Empty,
        };
    }

    /// <summary>A project's answer to a command, in words (the status gives what a refusal refers to).</summary>
    public static string Reply(ProjectCommandResult result) => Reply(result, null);

    /// <summary>A project's answer to a command in the user's language.</summary>
    public static string Reply(ProjectCommandResult result, ChatLanguage? language)
    {
        var l = language ?? ChatLanguage.English;
        var r = result.Reply;
        var amount = r.Amount.ToString("0", CultureInfo.InvariantCulture);
        var limit = r.Limit.ToString("0", CultureInfo.InvariantCulture);
        return r.Kind switch
        {
            ReplyKind.ProjectStarted => l.Text("reply.projectStarted", "Project started."),
            ReplyKind.AnswersTaken => l.Text("reply.answersTaken", "Thanks, the Architect is reading your answers."),
            ReplyKind.PlanningStarted => l.Text("reply.planningStarted", "Planning started."),
            ReplyKind.ScopeBeingRevised => l.Text("reply.scopeBeingRevised", "The scope is being revised."),
            ReplyKind.PlanBeingRevised => l.Text("reply.planBeingRevised", "The Architect is revising the plan."),
            ReplyKind.PlanChangeMissing => l.Format("reply.planChangeMissing", "Tell me in one message (under {0} characters) what to change in the plan.", limit),
            ReplyKind.PlanRevisionsUsed => l.Format("reply.planRevisionsUsed", "The plan has been revised {0} times, the most allowed: start development, or cancel.", amount),
            ReplyKind.DevelopmentStarted => l.Text("reply.developmentStarted", "Development started."),
            ReplyKind.Resumed => l.Text("news.resumed", "Resumed."),
            ReplyKind.CapRaised => l.Format("reply.capRaised", "Cap raised to {0}.", Amount(r.Amount, l)),
            ReplyKind.CapRaisedAndResumed => l.Format("reply.capRaisedAndResumed", "Cap raised to {0}; resumed.", Amount(r.Amount, l)),
            ReplyKind.StoppingAfterStep => l.Text("reply.stoppingAfterStep", "Stopping after the current step.") + " " + NotRefunded(r.Amount, l),
            ReplyKind.Stopping => l.Text("reply.stopping", "Stopping.") + " " + NotRefunded(r.Amount, l),
            ReplyKind.NotYours => l.Text("reply.notYours", "There is no such project among yours."),
            ReplyKind.AlreadyExists => l.Text("reply.alreadyExists", "This project already exists."),
            ReplyKind.MessageEmpty => l.Text("reply.messageEmpty", "The message is empty."),
            ReplyKind.MessageTooLong => l.Format("reply.messageTooLong", "That message has {0} characters; please keep it under {1} (split it, or summarise).", amount, limit),
            ReplyKind.Busy => l.Format("reply.busy", "Please wait: {0}.", Activity(result.Status.Activity, l)),
            ReplyKind.ExpectingAnswers => l.Text("reply.expectingAnswers", "Please answer the open questions."),
            ReplyKind.ExpectingScopeConfirmation => l.Text("reply.expectingScope", "Please confirm the proposed scope, or say what to change."),
            ReplyKind.ExpectingStart => l.Text("reply.expectingStart", "The plan is ready: start development, ask for a change to the plan, or cancel."),
            ReplyKind.IsPaused => l.Format("reply.isPaused", "The project is paused: {0}.", Activity(result.Status.Activity, l)),
            ReplyKind.HasEnded => l.Text("reply.hasEnded", "The project has ended."),
            ReplyKind.NotPaused => l.Text("reply.notPaused", "The project is not paused."),
            ReplyKind.AlreadyStopping => l.Text("reply.alreadyStopping", "The project is already stopping."),
            ReplyKind.NeedsCredits => l.Format("reply.needsCredits", "You have {0} available and the next step needs about {1}; buy credits first (/credits).",
                Amount(r.Amount, l), Credits(r.Limit)),
            ReplyKind.CapStillReached => l.Format("reply.capStillReached", "The project has used {0} of its {1} credit cap; raise the cap to go on.", Credits(r.Amount), Credits(r.Limit)),
            ReplyKind.CapIncreaseNotPositive => l.Text("reply.capIncreaseNotPositive", "Raise the cap by a positive number of credits."),
            ReplyKind.ScopeCorrectionMissing => l.Text("reply.scopeCorrectionMissing", "Tell me what to change in the scope (in a few sentences)."),
            _ => r.Kind.ToString(),
        };
    }

    /// <summary>The label of a pause's answer (its button).</summary>
    public static string Choice(ResumeChoice choice, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return choice switch
        {
            ResumeChoice.Retry => l.Text("choice.retry", "Retry"),
            ResumeChoice.Skip => l.Text("choice.skip", "Skip"),
            ResumeChoice.Stop => l.Text("choice.stop", "Stop"),
            ResumeChoice.RaiseCap => l.Text("choice.raiseCap", "Raise cap"),
            _ => choice.ToString(),
        };
    }

    public static string Note(ProjectNote note, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return note switch
        {
            ItemSkippedNote s => l.Format("note.itemSkipped", "TODO item {0} was skipped at your request.", s.ItemId),
            TestsNotRunNote t => TestsNotPassing(t.Outcome, 0, string.Empty, 0, t.Detail, l),
            TestsStillFailNote t => TestsNotPassing(TestOutcome.Failed, t.Rounds, t.Command, t.ExitCode, string.Empty, l),
            LegacyNote legacy => legacy.Text,
            _ => string.Empty,
        };
    }

    public static string Pause(PauseReason reason, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return reason switch
        {
            PauseReason.NoCredits => l.Text("pause.noCredits", "credits ran out"),
            PauseReason.CreditCapReached => l.Text("pause.capReached", "the credit cap was reached"),
            PauseReason.NeedsDecision => l.Text("pause.needsDecision", "waiting for your decision"),
            _ => reason.ToString(),
        };
    }

    private static string Review(int phase, ChatLanguage l) =>
        phase == 0 ? l.Text("review.final", "The final review") : l.Format("review.phase", "Review of phase {0}", phase);

    private static string Period(string period, ChatLanguage l) => period switch
    {
        "daily" => l.Text("period.daily", "daily"),
        "monthly" => l.Text("period.monthly", "monthly"),
        _ => period,
    };

    private static string Step(StepKind kind, ChatLanguage l) => kind switch
    {
        StepKind.Questions => l.Text("step.questions", "questions"),
        StepKind.Plan => l.Text("step.plan", "planning"),
        StepKind.Implement => l.Text("step.implement", "implementation"),
        StepKind.Verify => l.Text("step.verify", "review"),
        StepKind.Test => l.Text("step.test", "test"),
        StepKind.Diagnose => l.Text("step.diagnose", "test diagnosis"),
        StepKind.Readme => l.Text("step.readme", "README"),
        StepKind.Package => l.Text("step.package", "packaging"),
        StepKind.RevisePlan => l.Text("step.revisePlan", "plan revision"),
        _ => kind.ToString(),
    };

    private static string TestsNotPassing(TestOutcome outcome, int rounds, string command, int exitCode, string detail, ChatLanguage l) => outcome switch
    {
        TestOutcome.NoTestCommand => l.Text("tests.noCommand", "No test command was found; tests were not run."),
        TestOutcome.SandboxUnavailable => l.Format("tests.sandboxUnavailable", "Tests were not run: {0}", detail),
        TestOutcome.CouldNotRun => l.Format("tests.couldNotRun", "Tests could not be run: {0}", detail),
        TestOutcome.InstallFailed => l.Format("tests.installFailed", "The dependencies still do not install after {0} fix round(s): `{1}` exited {2}.", rounds, command, exitCode),
        _ => l.Format("tests.stillFail", "Tests still fail after {0} fix round(s): `{1}` exited {2}.", rounds, command, exitCode),
    };

    private static string Check(ItemCheck? check, ChatLanguage l) => check switch
    {
        null => string.Empty,
        { Status: CheckStatus.Passed, Tries: 1 } => l.Format("check.passed", ", check passed (`{0}`)", check.Command),
        { Status: CheckStatus.Passed } => l.Format("check.passedOnTry", ", check passed on try {0} (`{1}`)", check.Tries, check.Command),
        { Status: CheckStatus.Failed } => l.Format("check.failing", ", check still failing (`{0}`); the final tests will come back to it", check.Command),
        _ => l.Format("check.notChecked", ", not checked: {0}", check.Detail),
    };

    private static string Failure(ProjectFailed failed, ChatLanguage l) => failed.Reason switch
    {
        // The detail (model names, provider errors) is for operators: it stays with the event, unshown.
        FailureReason.NoModel => l.Text("failure.noModel", "the AI model provider did not answer after several tries."),
        FailureReason.PlanMissing => l.Text("failure.planMissing", "the plan (TODO.md) went missing from the project."),
        FailureReason.PackageFailed => l.Text("failure.packageFailed", "the ZIP package could not be built."),
        _ => failed.Detail,
    };

    private static string NotRefunded(decimal creditsUsed, ChatLanguage l) =>
        l.Format("notRefunded", "{0} credits used so far are not refunded; the work done so far is kept and delivered as a partial package.", Credits(creditsUsed));
}
