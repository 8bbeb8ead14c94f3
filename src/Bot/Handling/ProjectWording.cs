using System.Globalization;
using System.Text;
using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Bot.Handling;

/// <summary>
/// Every word a user reads about a project, made from the project's typed news, replies and activity — the one place
/// to translate. Plain text (callers escape it for HTML).
/// </summary>
public static class ProjectWording
{
    public static string Credits(decimal credits) => CreditMath.Display(credits);

    /// <summary>Credits with what they are worth in Stars (when a rate is known): "12.40 credits (≈ 10 ⭐)".</summary>
    public static string Cost(decimal credits, ChatMoney? money, ChatLanguage? language = null)
    {
        var amount = (language ?? ChatLanguage.English).Format("credits", "{0} credits", Credits(credits));
        return money is { StarsPerCredit: > 0 } ? $"{amount} (≈ {Stars(credits, money.StarsPerCredit)} ⭐)" : amount;
    }

    /// <summary>Whole Stars, rounded up (a Star is not divisible).</summary>
    public static int Stars(decimal credits, decimal starsPerCredit) => (int)Math.Ceiling(Math.Max(0m, credits) * starsPerCredit);

    /// <summary>The text of an event (for questions, the introduction above them).</summary>
    public static string News(ProjectEvent e) => News(e, null);

    /// <summary>The text of an event, with costs also in Stars and, for a delivery, the balance when given, in the user's language.</summary>
    public static string News(ProjectEvent e, ChatMoney? money, ChatLanguage? language) =>
        language is null || language == ChatLanguage.English ? News(e, money) : e.News switch
        {
            IdeaReceived => language.Text("news.ideaReceived", News(e, money)),
            QuestionsAsked => language.Text("news.questionsAsked", News(e, money)),
            ScopeConfirmed => language.Text("news.scopeConfirmed", News(e, money)),
            PlanReady { MissingTools: null or { Count: 0 } } p => language.Format("news.planReady", News(e, money), p.Items, Cost(p.Estimate, money, language), Cost(p.Cap, money, language)),
            DevelopmentStarted d => language.Format("news.developmentStarted", News(e, money), Cost(d.Estimate, money, language), Cost(d.Cap, money, language)),
            Delivered { Notes.Count: 0 } d => language.Format("news.delivered", News(e, money), d.FileName, e.TodoDone, e.TodoTotal,
                                                  language.Text(d.TestsPassed ? "news.delivered.testsPass" : "news.delivered.testsFail", string.Empty), Cost(e.CreditsUsed, money, language))
                                              + (money?.Balance is { } balance ? language.Format("news.delivered.balance", string.Empty, Cost(balance.Available, money, language)) : string.Empty)
                                              + "\n\n" + language.Text("news.delivered.next", string.Empty),
            WaitingForModelProvider => language.Text("news.waitingForModel", News(e, money)),
            ModelProviderBack => language.Text("news.modelBack", News(e, money)),
            ProjectFailed { Reason: FailureReason.NoModel } => language.Format("news.failed.noModel", News(e, money), Cost(e.CreditsUsed, money, language)),
            PlanRevising r => language.Format("news.planRevising", News(e, money), r.Round),
            PausedForCredits => language.Text("news.pausedForCredits", News(e, money)),
            _ => News(e, money),
        };

    /// <summary>The text of an event, with costs also in Stars and, for a delivery, the balance when given.</summary>
    public static string News(ProjectEvent e, ChatMoney? money) => e.News switch
    {
        IdeaReceived => "Thanks! The Architect is reading your idea and will ask a few questions.",
        QuestionsAsked => "A few questions before planning (answer in one message):",
        ScopeProposed s => $"Proposed scope for \"{s.Title}\":\n\n{s.Scope}",
        ScopeConfirmed => "Scope confirmed. The Architect is writing the requirements, architecture, API and deployment docs and the TODO plan.",
        ScopeRevising => "Thanks, the Architect is revising the scope.",
        PlanReady p => $"The plan is ready: {p.Items} TODO items. Estimated cost: {Cost(p.Estimate, money)}. "
                       + $"This is an estimate: you pay for what the models actually use, and the project stops to ask before spending more than {Cost(p.Cap, money)}."
                       + (p.MissingTools is { Count: > 0 } missing
                           ? $"\nNote: this server has no {string.Join(", ", missing.Select(t => $"`{t}`"))}, which the plan's commands need: the code will be written "
                             + "and reviewed, but its checks and tests cannot run here. Start only if that is acceptable."
                           : string.Empty),
        PlanRevising r => $"The Architect is revising the plan as you asked (revision {r.Round}).",
        PlanRevised r => $"The plan was revised as you asked (revision {r.Round} of {r.MaxRounds}): {r.Items} TODO items."
                         + (r.Added.Count > 0 ? "\nAdded or changed: " + string.Join("; ", r.Added) : string.Empty)
                         + (r.Removed.Count > 0 ? "\nRemoved or replaced: " + string.Join("; ", r.Removed) : string.Empty)
                         + (r.ChangedFiles.Count > 0 ? "\nFiles changed: " + string.Join(", ", r.ChangedFiles) : string.Empty)
                         + $"\nNew estimated cost: {Cost(r.Estimate, money)} (before: {Credits(r.PreviousEstimate)} credits). "
                         + $"This is an estimate: the project stops to ask before spending more than {Cost(r.Cap, money)}."
                         + (r.Round < r.MaxRounds ? string.Empty : "\nThat was the last revision: start development or cancel."),
        DevelopmentStarted d => $"Development started. Estimated cost {Credits(d.Estimate)} credits (cap {Credits(d.Cap)}).",
        ItemDone i => $"Done: {i.ItemId} ({i.ChangedFiles} file(s) changed){Check(i.Check)}",
        ReviewPassed r => $"{Review(r.Phase)}: everything is in place.",
        ReviewFoundGaps r => $"{Review(r.Phase)} found {r.Gaps.Count} gap(s), added to the TODO: {string.Join("; ", r.Gaps)}",
        FinalizingStarted => "All TODO items are done and reviewed. Running the project's tests in the sandbox.",
        TestsPassed t => $"Tests pass: `{t.Command}` exited 0 after {t.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        TestsFailed t => $"Tests fail (`{t.Command}` exited {t.ExitCode}{(t.Stopped ? ", stopped by a limit" : string.Empty)}); the Architect is looking at why.",
        TestsNotPassing t => TestsNotPassing(t.Outcome, t.Rounds, t.Command, t.ExitCode, t.Detail),
        FixesPlanned f => $"Test failures turned into {f.Count} fix item(s).",
        PackagingStarted => "Packaging your project.",
        Resumed => "Resumed.",
        StopRequested s => $"Stopping after the current step ({Activity(s.Current)}). {NotRefunded(s.CreditsUsed)}",
        Delivered d => $"Your project is ready: {d.FileName} ({e.TodoDone}/{e.TodoTotal} TODO items, {(d.TestsPassed ? "tests pass" : "tests not passing")}). "
                       + $"Final cost: {Cost(e.CreditsUsed, money)}."
                       + (money?.Balance is { } balance ? $" Your balance is now {Cost(balance.Available, money)}." : string.Empty)
                       + (d.Notes.Count == 0 ? string.Empty : "\nNotes: " + string.Join(" ", d.Notes.Select(Note)))
                       + "\n\nWhat next: /history downloads it again at any time; describe a new idea in a message to start another project.",
        Cancelled { FileName: null } => $"Stopped. Nothing had been built yet. Credits used: {Credits(e.CreditsUsed)}.",
        Cancelled c => $"Stopped. The work done so far is in {c.FileName}. Credits used: {Credits(e.CreditsUsed)}.",
        ProjectFailed f => $"The project stopped: {Failure(f)} It used {Cost(e.CreditsUsed, money)} in all; nothing more will be charged. "
                           + "Describe your idea again in a message to start a new project.",
        WaitingForModelProvider w => "The AI model provider is not answering right now. I keep retrying"
                                     + (w.TriesLeft > 0 ? $" (up to {w.TriesLeft} more time(s))" : string.Empty)
                                     + " and tell you when it works again. Failed tries cost nothing; your work so far is kept.",
        ModelProviderBack => "The AI model provider answers again; carrying on.",
        PausedForCredits { Limit: { } limit } => $"Your {limit.Period} credit limit of {Credits(limit.Limit)} credits is reached ({Credits(limit.Spent)} used). "
                                                 + $"It renews at {limit.ResetsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC; "
                                                 + "tap Retry then, or ask the operators to raise it.",
        PausedForCredits => "Your credits ran out. Buy credits (/credits) and the project continues where it stopped.",
        PausedAtCap p => $"The project has used {Credits(p.CreditsUsed)} credits, its cap ({Credits(p.Cap)}). Raise the cap to go on, or stop.",
        PausedItemFailing p => $"TODO item {p.ItemId} keeps failing ({p.Attempts} attempt(s){(p.SameEdit ? ", the same edit again" : string.Empty)}): {p.Detail} "
                               + $"Credits used so far: {Credits(e.CreditsUsed)}. Retry, skip this item, or stop?",
        PausedReviewRepeats p => $"{Review(p.Phase)} keeps reporting the same gaps: {string.Join("; ", p.Gaps)}. Retry, skip this review, or stop?",
        PausedStepFailed p => $"The {Step(p.Step)} step did not work out (the operators can see why). Nothing more was charged for it. Retry or stop?",
        PausedStepLost p => $"The {Step(p.Step)} step was interrupted {p.Times} times (its server stopped). Nothing was charged twice. Retry or stop?",
        PausedInternalProblem p => $"DevBot ran into an internal problem and could not continue the project ({p.Tries} tries). "
                                   + "Nothing more was charged; the operators can see what happened. Retry or stop?",
        LegacyNews legacy => legacy.Text,
        _ => e.News.GetType().Name,
    };

    /// <summary>What a project is doing, as the end of "Now: …" or "Please wait: …".</summary>
    public static string Activity(ProjectActivity a) => a.Kind switch
    {
        ActivityKind.ReadingIdea => "reading your idea",
        ActivityKind.ReadingAnswers => "reading your answers",
        ActivityKind.WaitingForAnswers => "waiting for your answers",
        ActivityKind.RevisingScope => "revising the scope",
        ActivityKind.WaitingForScopeConfirmation => "waiting for your confirmation of the scope",
        ActivityKind.Planning => "writing the plan",
        ActivityKind.RevisingPlan => "revising the plan as you asked",
        ActivityKind.WaitingForStart => "waiting for you to start development",
        ActivityKind.Implementing => $"implementing {a.ItemId}{(a.ItemText is null ? string.Empty : ": " + a.ItemText)}",
        ActivityKind.Reviewing => a.Phase == 0 ? "final review" : $"reviewing phase {a.Phase}",
        ActivityKind.RunningTests => "running the tests in the sandbox",
        ActivityKind.DiagnosingTests => "diagnosing failing tests",
        ActivityKind.WritingReadme => "writing the README",
        ActivityKind.Packaging => "packaging",
        ActivityKind.Stopping => "stopping: packaging the work done so far",
        ActivityKind.WaitingForModel => "waiting for the model provider; will retry",
        ActivityKind.Paused => "paused: " + Pause(a.Pause),
        ActivityKind.Delivered => "delivered",
        ActivityKind.Cancelled => "cancelled",
        ActivityKind.Failed => "failed",
        ActivityKind.DataDeleted => "data deleted",
        ActivityKind.Legacy => a.Text ?? string.Empty,
        _ => string.Empty,
    };

    /// <summary>A project's answer to a command in the user's language (English where a reply has no translation yet).</summary>
    public static string Reply(ProjectCommandResult result, ChatLanguage? language)
    {
        var r = result.Reply;
        var english = Reply(result);
        return language is null || language == ChatLanguage.English ? english : r.Kind switch
        {
            ReplyKind.MessageEmpty => language.Text("reply.messageEmpty", english),
            ReplyKind.MessageTooLong => language.Format("reply.messageTooLong", english, r.Amount.ToString("0", CultureInfo.InvariantCulture), r.Limit.ToString("0", CultureInfo.InvariantCulture)),
            ReplyKind.ExpectingAnswers => language.Text("reply.expectingAnswers", english),
            ReplyKind.ExpectingScopeConfirmation => language.Text("reply.expectingScope", english),
            ReplyKind.ExpectingStart => language.Text("reply.expectingStart", english),
            ReplyKind.HasEnded => language.Text("reply.hasEnded", english),
            ReplyKind.PlanRevisionsUsed => language.Format("reply.planRevisionsUsed", english, r.Amount.ToString("0", CultureInfo.InvariantCulture)),
            ReplyKind.PlanChangeMissing => language.Format("reply.planChangeMissing", english, r.Limit.ToString("0", CultureInfo.InvariantCulture)),
            ReplyKind.ScopeCorrectionMissing => language.Text("reply.scopeCorrectionMissing", english),
            _ => english,
        };
    }

    /// <summary>A project's answer to a command, in words (the status gives what a refusal refers to).</summary>
    public static string Reply(ProjectCommandResult result)
    {
        var r = result.Reply;
        return r.Kind switch
        {
            ReplyKind.ProjectStarted => "Project started.",
            ReplyKind.AnswersTaken => "Thanks, the Architect is reading your answers.",
            ReplyKind.PlanningStarted => "Planning started.",
            ReplyKind.ScopeBeingRevised => "The scope is being revised.",
            ReplyKind.PlanBeingRevised => "The Architect is revising the plan.",
            ReplyKind.PlanChangeMissing => $"Tell me in one message (under {r.Limit:0} characters) what to change in the plan.",
            ReplyKind.PlanRevisionsUsed => $"The plan has been revised {r.Amount:0} times, the most allowed: start development, or cancel.",
            ReplyKind.DevelopmentStarted => "Development started.",
            ReplyKind.Resumed => "Resumed.",
            ReplyKind.CapRaised => $"Cap raised to {Credits(r.Amount)} credits.",
            ReplyKind.CapRaisedAndResumed => $"Cap raised to {Credits(r.Amount)} credits; resumed.",
            ReplyKind.StoppingAfterStep => "Stopping after the current step. " + NotRefunded(r.Amount),
            ReplyKind.Stopping => "Stopping. " + NotRefunded(r.Amount),
            ReplyKind.NotYours => "There is no such project among yours.",
            ReplyKind.AlreadyExists => "This project already exists.",
            ReplyKind.MessageEmpty => "The message is empty.",
            ReplyKind.MessageTooLong => $"That message has {r.Amount:0} characters; please keep it under {r.Limit:0} (split it, or summarise).",
            ReplyKind.Busy => $"Please wait: {Activity(result.Status.Activity)}.",
            ReplyKind.ExpectingAnswers => "Please answer the open questions.",
            ReplyKind.ExpectingScopeConfirmation => "Please confirm the proposed scope, or say what to change.",
            ReplyKind.ExpectingStart => "The plan is ready: start development, ask for a change to the plan, or cancel.",
            ReplyKind.IsPaused => $"The project is paused: {Activity(result.Status.Activity)}.",
            ReplyKind.HasEnded => "The project has ended.",
            ReplyKind.NotPaused => "The project is not paused.",
            ReplyKind.AlreadyStopping => "The project is already stopping.",
            ReplyKind.NeedsCredits => $"You have {Credits(r.Amount)} credits available and the next step needs about {Credits(r.Limit)}; buy credits first (/credits).",
            ReplyKind.CapStillReached => $"The project has used {Credits(r.Amount)} of its {Credits(r.Limit)} credit cap; raise the cap to go on.",
            ReplyKind.CapIncreaseNotPositive => "Raise the cap by a positive number of credits.",
            ReplyKind.ScopeCorrectionMissing => "Tell me what to change in the scope (in a few sentences).",
            _ => r.Kind.ToString(),
        };
    }

    /// <summary>The label of a pause's answer (its button).</summary>
    public static string Choice(ResumeChoice choice) => choice switch
    {
        ResumeChoice.Retry => "Retry",
        ResumeChoice.Skip => "Skip",
        ResumeChoice.Stop => "Stop",
        ResumeChoice.RaiseCap => "Raise cap",
        _ => choice.ToString(),
    };

    public static string Note(ProjectNote note) => note switch
    {
        ItemSkippedNote s => $"TODO item {s.ItemId} was skipped at your request.",
        TestsNotRunNote t => TestsNotPassing(t.Outcome, 0, string.Empty, 0, t.Detail),
        TestsStillFailNote t => TestsNotPassing(TestOutcome.Failed, t.Rounds, t.Command, t.ExitCode, string.Empty),
        LegacyNote l => l.Text,
        _ => string.Empty,
    };

    public static string Pause(PauseReason reason) => reason switch
    {
        PauseReason.NoCredits => "credits ran out",
        PauseReason.CreditCapReached => "the credit cap was reached",
        PauseReason.NeedsDecision => "waiting for your decision",
        _ => reason.ToString(),
    };

    private static string Review(int phase) => phase == 0 ? "The final review" : $"Review of phase {phase}";

    private static string Step(StepKind kind) => kind switch
    {
        StepKind.Questions => "questions",
        StepKind.Plan => "planning",
        StepKind.Implement => "implementation",
        StepKind.Verify => "review",
        StepKind.Test => "test",
        StepKind.Diagnose => "test diagnosis",
        StepKind.Readme => "README",
        StepKind.Package => "packaging",
        StepKind.RevisePlan => "plan revision",
        _ => kind.ToString(),
    };

    private static string TestsNotPassing(TestOutcome outcome, int rounds, string command, int exitCode, string detail) => outcome switch
    {
        TestOutcome.NoTestCommand => "No test command was found; tests were not run.",
        TestOutcome.SandboxUnavailable => "Tests were not run: " + detail,
        TestOutcome.CouldNotRun => "Tests could not be run: " + detail,
        TestOutcome.InstallFailed => $"The dependencies still do not install after {rounds} fix round(s): `{command}` exited {exitCode}.",
        _ => $"Tests still fail after {rounds} fix round(s): `{command}` exited {exitCode}.",
    };

    private static string Check(ItemCheck? check) => check switch
    {
        null => string.Empty,
        { Status: CheckStatus.Passed, Tries: 1 } => $", check passed (`{check.Command}`)",
        { Status: CheckStatus.Passed } => $", check passed on try {check.Tries} (`{check.Command}`)",
        { Status: CheckStatus.Failed } => $", check still failing (`{check.Command}`); the final tests will come back to it",
        _ => $", not checked: {check.Detail}",
    };

    private static string Failure(ProjectFailed failed) => failed.Reason switch
    {
        // The detail (model names, provider errors) is for operators: it stays with the event, unshown.
        FailureReason.NoModel => "the AI model provider did not answer after several tries.",
        FailureReason.PlanMissing => "the plan (TODO.md) went missing from the project.",
        FailureReason.PackageFailed => "the ZIP package could not be built.",
        _ => failed.Detail,
    };

    private static string NotRefunded(decimal creditsUsed) =>
        new StringBuilder().Append(Credits(creditsUsed))
            .Append(" credits used so far are not refunded; the work done so far is kept and delivered as a partial package.").ToString();
}
