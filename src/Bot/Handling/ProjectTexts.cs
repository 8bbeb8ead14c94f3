using System.Globalization;
using System.Text;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Bot.Handling;

/// <summary>How projects look in a chat: events, the progress message, status, and the prompt that waits for the user.</summary>
public static class ProjectTexts
{
    public static string StateName(ProjectState state, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return state switch
        {
            ProjectState.GatheringRequirements => l.Text("activity.readingIdea", "reading your idea"),
            ProjectState.ClarifyingDetails => l.Text("activity.waitingForAnswers", "waiting for your answers"),
            ProjectState.ConfirmingScope => l.Text("state.confirmingScope", "waiting for you to confirm the scope"),
            ProjectState.Planning => l.Text("step.plan", "planning"),
            ProjectState.AwaitingStart => l.Text("activity.waitingForStart", "waiting for you to start development"),
            ProjectState.Implementing => l.Text("state.implementing", "implementing"),
            ProjectState.Finalizing => l.Text("state.finalizing", "testing and finishing"),
            ProjectState.Delivering => l.Text("activity.packaging", "packaging"),
            ProjectState.Completed => l.Text("activity.delivered", "delivered"),
            ProjectState.Failed => l.Text("activity.failed", "failed"),
            ProjectState.Cancelled => l.Text("activity.cancelled", "cancelled"),
            ProjectState.Paused => l.Text("state.paused", "paused"),
            _ => state.ToString(),
        };
    }

    /// <summary>
    /// The state as the user should read it now: while the Architect reads answers or revises the scope the state is
    /// still "clarifying details", but the project is not waiting for the user then.
    /// </summary>
    public static string StateName(ProjectStatus status, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return status switch
        {
            { State: ProjectState.ClarifyingDetails, OpenQuestions.Count: 0 } => status.Activity.Kind is ActivityKind.RevisingScope or ActivityKind.ReadingAnswers
                ? ProjectWording.Activity(status.Activity, l)
                : l.Text("activity.readingAnswers", "reading your answers"),
            { State: ProjectState.Planning, Activity.Kind: ActivityKind.RevisingPlan } => l.Text("state.revisingPlan", "revising the plan"),
            _ => StateName(status.State, l),
        };
    }

    /// <summary>True when the project waits for the user (answers, a confirmation, a decision), or has ended.</summary>
    public static bool IsUsersTurn(ProjectStatus status) =>
        status.State.IsTerminal()
        || status.State is ProjectState.ConfirmingScope or ProjectState.AwaitingStart or ProjectState.Paused
        || (status.State == ProjectState.ClarifyingDetails && status.OpenQuestions.Count > 0);

    /// <summary>Events shown by editing the progress message rather than as messages of their own.</summary>
    public static bool IsProgress(ProjectEvent e) => e.Kind is ProjectEventKind.Progress or ProjectEventKind.StateChanged or ProjectEventKind.Info;

    public static string Progress(string title, ProjectEvent e, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return $"{Html.Bold(title)} — {Html.Escape(e.News switch
        {
            ScopeRevising => l.Text("activity.revisingScope", "revising the scope"),
            PlanRevising => l.Text("state.revisingPlan", "revising the plan"),
            _ when e.State == ProjectState.ClarifyingDetails => l.Text("activity.readingAnswers", "reading your answers"),
            _ => StateName(e.State, l),
        })}\n"
        + (e.TodoTotal > 0 ? ProgressBar.Render(e.TodoDone, e.TodoTotal) + " " + l.Text("progress.todoItems", "TODO items") + "\n" : string.Empty)
        + $"{Html.Escape(ProjectWording.News(e, null, l))}\n"
        + l.Format("progress.creditsUsed", "Credits used: {0}", Credits(e.CreditsUsed));
    }

    /// <summary>A message for an event that is not progress, with its buttons.</summary>
    public static (string Html, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons) Message(string title, ProjectEvent e, ChatMoney? money = null, ChatLanguage? language = null)
    {
        var id = e.ProjectId;
        var l = language ?? ChatLanguage.English;
        var text = Html.Escape(ProjectWording.News(e, money, l));
        return e.News switch
        {
            QuestionsAsked asked => Questions(id, ProjectWording.News(e, money, l), asked.Questions, null, l),
            // The scope is the Architect's Markdown: rendered, never shown raw.
            ScopeProposed s => (Html.Escape(l.Format("scope.header", "Proposed scope for \"{0}\":", s.Title)) + "\n\n" + TelegramMarkdown.ToHtml(s.Scope)
                                + "\n\n" + Html.Escape(l.Text("scope.confirmOrChange", "Confirm the scope, or tell me what to change.")), ScopeButtons(id, l)),
            PlanReady or PlanRevised => (text, PlanButtons(id, l)),
            ProjectPaused paused => (l.Format("message.paused", "{0} is paused.", Html.Bold(title)) + "\n" + text, PauseButtons(id, paused, l)),
            LegacyNews { LegacyKind: ProjectEventKind.Paused } legacy => (l.Format("message.paused", "{0} is paused.", Html.Bold(title)) + "\n" + text, LegacyPauseButtons(id, legacy.Choices, l)),
            ProjectFailed => (Html.Bold(title) + ": " + text, []),
            _ => (Html.Bold(title) + ": " + text, []),
        };
    }

    public static (string Html, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons) Questions(Guid projectId, string intro, IReadOnlyList<ProjectQuestion> questions,
        IReadOnlyDictionary<int, int>? chosen = null, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        var text = new StringBuilder(Html.Escape(intro)).Append("\n\n");
        var rows = new List<IReadOnlyList<ChatButton>>();
        for (var q = 0; q < questions.Count; q++)
        {
            var question = questions[q];
            text.Append(CultureInfo.InvariantCulture, $"{q + 1}. {TelegramMarkdown.ToHtml(question.Text)}\n");
            var offered = Math.Min(question.Options.Count, 9);
            var labels = question.Options.Take(offered).Select(o => TelegramMarkdown.ToPlain(o)).ToList();
            // Phones cut long buttons: short labels share a row, a long one has a row of its own.
            var perRow = labels.Max(l => (int?)l.Length) switch { <= 12 => 3, <= 22 => 2, _ => 1 };
            for (var o = 0; o < offered; o += perRow)
            {
                var start = o;
                rows.Add(labels.Skip(o).Take(perRow).Select((label, k) =>
                {
                    var index = start + k;
                    var mark = chosen is not null && chosen.TryGetValue(q, out var c) && c == index ? "✓ " : string.Empty;
                    // The question's number only where the same label answers another question too ("Yes" twice).
                    var ambiguous = questions.Where((other, n) => n != q && other.Options.Any(x => string.Equals(TelegramMarkdown.ToPlain(x), label, StringComparison.OrdinalIgnoreCase))).Any();
                    return new ChatButton($"{mark}{(ambiguous ? $"{q + 1}) " : string.Empty)}{label}",
                        CallbackData.For(CallbackData.Option, projectId, q, index, CallbackData.TagOf(question.Text)));
                }).ToList());
            }
        }

        text.Append('\n').Append(Html.Escape(l.Text("questions.answerHow", "Answer in one message")));
        if (rows.Count > 0)
        {
            text.Append(Html.Escape(l.Text("questions.tapOptions", " (tap options to pick them, then send your message or “Send answers”)")));
            rows.Add([new ChatButton(l.Text("button.sendAnswers", "Send answers"), CallbackData.For(CallbackData.SendAnswers, projectId))]);
        }

        return (text.Append('.').ToString(), rows);
    }

    /// <summary>After a delivery: how did it go, 1 to 5 (one row; a press is taken once).</summary>
    public static (string Html, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons) RatingPrompt(Guid id, string title, ChatLanguage? language = null) =>
        ((language ?? ChatLanguage.English).Format("rating.prompt", "How did {0} turn out? Rate it from 1 (poor) to 5 (great); it helps DevBot get better.", Html.Bold(title)),
            [Enumerable.Range(1, 5).Select(n => new ChatButton($"{n} ★", CallbackData.For(CallbackData.Rate, id, n))).ToList()]);

    /// <summary>Under the plan and its estimate: start, ask for a change in words, or cancel (which asks first).</summary>
    public static IReadOnlyList<IReadOnlyList<ChatButton>> PlanButtons(Guid id, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return
        [
            [new ChatButton(l.Text("button.start", "Start development"), CallbackData.For(CallbackData.StartDevelopment, id)),
                new ChatButton(l.Text("button.changePlan", "Change the plan"), CallbackData.For(CallbackData.ChangePlan, id))],
            [new ChatButton(l.Text("button.cancel", "Cancel"), CallbackData.For(CallbackData.DeclineStart, id))],
        ];
    }

    public static IReadOnlyList<IReadOnlyList<ChatButton>> ScopeButtons(Guid id, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return [[new ChatButton(l.Text("button.confirmScope", "Confirm scope"), CallbackData.For(CallbackData.ConfirmScope, id)),
            new ChatButton(l.Text("button.changeScope", "Change something"), CallbackData.For(CallbackData.ChangeScope, id))]];
    }

    /// <summary>The answers a pause accepts, as buttons; a pause for credits offers buying them and going on.</summary>
    public static IReadOnlyList<IReadOnlyList<ChatButton>> PauseButtons(Guid id, ProjectPaused paused, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        if (paused is PausedForCredits)
        {
            return [[new ChatButton(l.Text("button.buyCredits", "Buy credits"), CallbackData.For(CallbackData.ShowCredits)),
                new ChatButton(l.Text("button.continue", "Continue"), CallbackData.For(CallbackData.Retry, id))]];
        }

        var row = paused.Choices.Select(choice => new ChatButton(ProjectWording.Choice(choice, l), CallbackData.For(choice switch
        {
            ResumeChoice.Skip => CallbackData.Skip,
            ResumeChoice.Stop => CallbackData.Stop,
            ResumeChoice.RaiseCap => CallbackData.RaiseCap,
            _ => CallbackData.Retry,
        }, id))).ToList();
        return row.Count > 0 ? [row] : [];
    }

    /// <summary>Buttons of a pause an earlier version stored with English labels (its choices were worded then).</summary>
    private static IReadOnlyList<IReadOnlyList<ChatButton>> LegacyPauseButtons(Guid id, IReadOnlyList<string> labels, ChatLanguage l)
    {
        // The stored labels are read, not shown: the buttons get today's labels in the user's language.
        var choices = labels.Select(label => label switch
        {
            "Retry" => (ResumeChoice?)ResumeChoice.Retry,
            "Skip" => ResumeChoice.Skip,
            "Stop" => ResumeChoice.Stop,
            "Raise cap" => ResumeChoice.RaiseCap,
            _ => null,
        }).OfType<ResumeChoice>().ToList();
        return PauseButtons(id, new PausedStepFailed(StepKind.Implement, string.Empty) { Choices = choices }, l);
    }

    public static string Status(ProjectStatus s, CreditBalance balance, ChatMoney? money = null, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        var text = new StringBuilder()
            .Append(Html.Bold(s.Title)).Append('\n')
            .Append(l.Format("status.state", "State: {0}", Html.Escape(StateName(s, l)))).Append('\n');
        var activity = ProjectWording.Activity(s.Activity, l);
        if (activity.Length > 0 && !s.State.IsTerminal())
        {
            text.Append(l.Format("status.now", "Now: {0}", Html.Escape(activity))).Append('\n');
        }

        if (s.TodoTotal > 0)
        {
            text.Append(ProgressBar.Render(s.TodoDone, s.TodoTotal)).Append(' ').Append(l.Text("progress.todoItems", "TODO items")).Append('\n');
        }

        text.Append(l.Format("status.creditsUsed", "Credits used: {0}", Html.Escape(ProjectWording.Cost(s.CreditsUsed, money, l))));
        if (s.EstimateCredits > 0)
        {
            text.Append(l.Format("status.estimate", " (estimate {0}, cap {1})", Html.Escape(ProjectWording.Cost(s.EstimateCredits, money, l)), Credits(s.CreditCap)));
        }

        return text.Append('\n').Append(Html.Escape(Available(balance, money, l))).ToString();
    }

    /// <summary>
    /// The credits a user can spend, and why that is less than their balance while model requests run: each request
    /// holds its estimated price until it ends, and what it did not use is released.
    /// </summary>
    public static string Available(CreditBalance balance, ChatMoney? money = null, ChatLanguage? language = null)
    {
        var l = language ?? ChatLanguage.English;
        return l.Format("status.available", "Credits available: {0}", ProjectWording.Cost(balance.Available, money, l))
               + (balance.Held > 0
                   ? l.Format("status.held", " ({0} of your {1} are held for model requests in progress; "
                                             + "each is charged what it actually used when it ends, and the rest is released)", Credits(balance.Held), Credits(balance.Balance))
                   : string.Empty);
    }

    public static string Credits(decimal credits) => ProjectWording.Credits(credits);
}
