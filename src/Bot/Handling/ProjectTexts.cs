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

    /// <summary>True when the project waits for the user (answers, a confirmation, a decision), or has ended.</summary>
    public static bool IsUsersTurn(ProjectStatus status) =>
        status.State.IsTerminal()
        || status.State is ProjectState.ConfirmingScope or ProjectState.AwaitingStart or ProjectState.Paused
        || (status.State == ProjectState.ClarifyingDetails && status.OpenQuestions.Count > 0);

    /// <summary>Events shown by editing the progress message rather than as messages of their own.</summary>
    public static bool IsProgress(ProjectEvent e) => e.Kind is ProjectEventKind.Progress or ProjectEventKind.StateChanged or ProjectEventKind.Info;

    public static string Progress(string title, ProjectEvent e) =>
        $"{Html.Bold(title)} — {Html.Escape(StateName(e.State))}\n"
        + (e.TodoTotal > 0 ? $"{ProgressBar.Render(e.TodoDone, e.TodoTotal)} TODO items\n" : string.Empty)
        + $"{Html.Escape(e.Text)}\n"
        + $"Credits used: {Credits(e.CreditsUsed)}";

    /// <summary>A message for an event that is not progress, with its buttons.</summary>
    public static (string Html, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons) Message(string title, ProjectEvent e, PauseReason pause)
    {
        var id = e.ProjectId;
        return e.Kind switch
        {
            ProjectEventKind.Questions => Questions(id, e.Text, e.Questions),
            ProjectEventKind.ScopeProposed => (Html.Escape(e.Text) + "\n\nConfirm the scope, or tell me what to change.",
                [[new ChatButton("Confirm scope", CallbackData.For(CallbackData.ConfirmScope, id)), new ChatButton("Change something", CallbackData.For(CallbackData.ChangeScope, id))]]),
            ProjectEventKind.EstimateReady => (Html.Escape(e.Text),
                [[new ChatButton("Start development", CallbackData.For(CallbackData.StartDevelopment, id)), new ChatButton("Cancel", CallbackData.For(CallbackData.DeclineStart, id))]]),
            ProjectEventKind.Paused => (Html.Bold(title) + " is paused.\n" + Html.Escape(e.Text), PauseButtons(id, e.Choices, pause)),
            ProjectEventKind.Resumed => (Html.Bold(title) + ": " + Html.Escape(e.Text), []),
            ProjectEventKind.Failed => (Html.Bold(title) + " failed: " + Html.Escape(e.Text) + $"\nCredits used: {Credits(e.CreditsUsed)}.", []),
            ProjectEventKind.Delivered or ProjectEventKind.Cancelled => (Html.Bold(title) + ": " + Html.Escape(e.Text), []),
            _ => (Html.Bold(title) + ": " + Html.Escape(e.Text), []),
        };
    }

    public static (string Html, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons) Questions(Guid projectId, string intro, IReadOnlyList<ProjectQuestion> questions,
        IReadOnlyDictionary<int, int>? chosen = null)
    {
        var text = new StringBuilder(Html.Escape(intro)).Append("\n\n");
        var rows = new List<IReadOnlyList<ChatButton>>();
        for (var q = 0; q < questions.Count; q++)
        {
            var question = questions[q];
            text.Append(CultureInfo.InvariantCulture, $"{q + 1}. {Html.Escape(question.Text)}\n");
            var offered = Math.Min(question.Options.Count, 9);
            for (var o = 0; o < offered; o += 3)
            {
                rows.Add(question.Options.Skip(o).Take(Math.Min(3, offered - o)).Select((option, k) =>
                {
                    var index = o + k;
                    var mark = chosen is not null && chosen.TryGetValue(q, out var c) && c == index ? "✓ " : string.Empty;
                    return new ChatButton($"{mark}{q + 1}: {option}", CallbackData.For(CallbackData.Option, projectId, q, index, CallbackData.TagOf(question.Text)));
                }).ToList());
            }
        }

        text.Append("\nAnswer in one message");
        if (rows.Count > 0)
        {
            text.Append(" (tap options to pick them, then send your message or “Send answers”)");
            rows.Add([new ChatButton("Send answers", CallbackData.For(CallbackData.SendAnswers, projectId))]);
        }

        return (text.Append('.').ToString(), rows);
    }

    public static IReadOnlyList<IReadOnlyList<ChatButton>> PauseButtons(Guid id, IReadOnlyList<string> choices, PauseReason pause)
    {
        var row = new List<ChatButton>();
        foreach (var choice in choices)
        {
            var verb = choice switch
            {
                "Retry" => CallbackData.Retry,
                "Skip" => CallbackData.Skip,
                "Stop" => CallbackData.Stop,
                "Raise cap" => CallbackData.RaiseCap,
                _ => null,
            };
            if (verb is not null)
            {
                row.Add(new ChatButton(choice, CallbackData.For(verb, id)));
            }
        }

        if (pause == PauseReason.NoCredits)
        {
            row.Add(new ChatButton("Buy credits", CallbackData.For(CallbackData.ShowCredits)));
            row.Add(new ChatButton("Continue", CallbackData.For(CallbackData.Retry, id)));
        }

        return row.Count > 0 ? [row] : [];
    }

    public static string Status(ProjectStatus s, CreditBalance balance)
    {
        var text = new StringBuilder()
            .Append(Html.Bold(s.Title)).Append('\n')
            .Append("State: ").Append(Html.Escape(StateName(s.State))).Append('\n');
        if (!string.IsNullOrWhiteSpace(s.Activity) && !s.State.IsTerminal())
        {
            text.Append("Now: ").Append(Html.Escape(s.Activity)).Append('\n');
        }

        if (s.TodoTotal > 0)
        {
            text.Append(ProgressBar.Render(s.TodoDone, s.TodoTotal)).Append(" TODO items\n");
        }

        text.Append("Credits used: ").Append(Credits(s.CreditsUsed));
        if (s.EstimateCredits > 0)
        {
            text.Append(" (estimate ").Append(Credits(s.EstimateCredits)).Append(", cap ").Append(Credits(s.CreditCap)).Append(')');
        }

        return text.Append("\nCredits available: ").Append(Credits(balance.Available)).ToString();
    }

    public static string Credits(decimal credits) => CreditMath.Display(credits);
}
