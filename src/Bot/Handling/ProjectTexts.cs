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
    public static string StateName(ProjectState state) => state switch
    {
        ProjectState.GatheringRequirements => "reading your idea",
        ProjectState.ClarifyingDetails => "waiting for your answers",
        ProjectState.ConfirmingScope => "waiting for you to confirm the scope",
        ProjectState.Planning => "planning",
        ProjectState.AwaitingStart => "waiting for you to start development",
        ProjectState.Implementing => "implementing",
        ProjectState.Finalizing => "testing and finishing",
        ProjectState.Delivering => "packaging",
        ProjectState.Completed => "delivered",
        ProjectState.Failed => "failed",
        ProjectState.Cancelled => "cancelled",
        ProjectState.Paused => "paused",
        _ => state.ToString(),
    };

    /// <summary>
    /// The state as the user should read it now: while the Architect reads answers or revises the scope the state is
    /// still "clarifying details", but the project is not waiting for the user then.
    /// </summary>
    public static string StateName(ProjectStatus status) => status switch
    {
        { State: ProjectState.ClarifyingDetails, OpenQuestions.Count: 0 } => status.Activity.Kind is ActivityKind.RevisingScope or ActivityKind.ReadingAnswers
            ? ProjectWording.Activity(status.Activity)
            : "reading your answers",
        { State: ProjectState.Planning, Activity.Kind: ActivityKind.RevisingPlan } => "revising the plan",
        _ => StateName(status.State),
    };

    /// <summary>True when the project waits for the user (answers, a confirmation, a decision), or has ended.</summary>
    public static bool IsUsersTurn(ProjectStatus status) =>
        status.State.IsTerminal()
        || status.State is ProjectState.ConfirmingScope or ProjectState.AwaitingStart or ProjectState.Paused
        || (status.State == ProjectState.ClarifyingDetails && status.OpenQuestions.Count > 0);

    /// <summary>Events shown by editing the progress message rather than as messages of their own.</summary>
    public static bool IsProgress(ProjectEvent e) => e.Kind is ProjectEventKind.Progress or ProjectEventKind.StateChanged or ProjectEventKind.Info;

    public static string Progress(string title, ProjectEvent e) =>
        $"{Html.Bold(title)} — {Html.Escape(e.News switch
        {
            ScopeRevising => "revising the scope",
            PlanRevising => "revising the plan",
            _ when e.State == ProjectState.ClarifyingDetails => "reading your answers",
            _ => StateName(e.State),
        })}\n"
        + (e.TodoTotal > 0 ? $"{ProgressBar.Render(e.TodoDone, e.TodoTotal)} TODO items\n" : string.Empty)
        + $"{Html.Escape(ProjectWording.News(e))}\n"
        + $"Credits used: {Credits(e.CreditsUsed)}";

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
            ProjectPaused paused => (Html.Bold(title) + " is paused.\n" + text, PauseButtons(id, paused)),
            LegacyNews { LegacyKind: ProjectEventKind.Paused } legacy => (Html.Bold(title) + " is paused.\n" + text, LegacyPauseButtons(id, legacy.Choices)),
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
    public static IReadOnlyList<IReadOnlyList<ChatButton>> PauseButtons(Guid id, ProjectPaused paused)
    {
        if (paused is PausedForCredits)
        {
            return [[new ChatButton("Buy credits", CallbackData.For(CallbackData.ShowCredits)), new ChatButton("Continue", CallbackData.For(CallbackData.Retry, id))]];
        }

        var row = paused.Choices.Select(choice => new ChatButton(ProjectWording.Choice(choice), CallbackData.For(choice switch
        {
            ResumeChoice.Skip => CallbackData.Skip,
            ResumeChoice.Stop => CallbackData.Stop,
            ResumeChoice.RaiseCap => CallbackData.RaiseCap,
            _ => CallbackData.Retry,
        }, id))).ToList();
        return row.Count > 0 ? [row] : [];
    }

    /// <summary>Buttons of a pause an earlier version stored with English labels (its choices were worded then).</summary>
    private static IReadOnlyList<IReadOnlyList<ChatButton>> LegacyPauseButtons(Guid id, IReadOnlyList<string> labels)
    {
        var choices = labels.Select(label => label switch
        {
            "Retry" => (ResumeChoice?)ResumeChoice.Retry,
            "Skip" => ResumeChoice.Skip,
            "Stop" => ResumeChoice.Stop,
            "Raise cap" => ResumeChoice.RaiseCap,
            _ => null,
        }).OfType<ResumeChoice>().ToList();
        return PauseButtons(id, new PausedStepFailed(StepKind.Implement, string.Empty) { Choices = choices });
    }

    public static string Status(ProjectStatus s, CreditBalance balance, ChatMoney? money = null)
    {
        var text = new StringBuilder()
            .Append(Html.Bold(s.Title)).Append('\n')
            .Append("State: ").Append(Html.Escape(StateName(s))).Append('\n');
        var activity = ProjectWording.Activity(s.Activity);
        if (activity.Length > 0 && !s.State.IsTerminal())
        {
            text.Append("Now: ").Append(Html.Escape(activity)).Append('\n');
        }

        if (s.TodoTotal > 0)
        {
            text.Append(ProgressBar.Render(s.TodoDone, s.TodoTotal)).Append(" TODO items\n");
        }

        text.Append("Credits used: ").Append(Html.Escape(ProjectWording.Cost(s.CreditsUsed, money)));
        if (s.EstimateCredits > 0)
        {
            text.Append(" (estimate ").Append(Html.Escape(ProjectWording.Cost(s.EstimateCredits, money))).Append(", cap ").Append(Credits(s.CreditCap)).Append(')');
        }

        return text.Append('\n').Append(Html.Escape(Available(balance, money))).ToString();
    }

    /// <summary>
    /// The credits a user can spend, and why that is less than their balance while model requests run: each request
    /// holds its estimated price until it ends, and what it did not use is released.
    /// </summary>
    public static string Available(CreditBalance balance, ChatMoney? money = null) =>
        $"Credits available: {ProjectWording.Cost(balance.Available, money)}"
        + (balance.Held > 0
            ? $" ({Credits(balance.Held)} of your {Credits(balance.Balance)} are held for model requests in progress; "
              + "each is charged what it actually used when it ends, and the rest is released)"
            : string.Empty);

    public static string Credits(decimal credits) => ProjectWording.Credits(credits);
}
