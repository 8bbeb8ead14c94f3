using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Handling;

/// <summary>Shows again what a project waits for (after /start, or when the user writes at the wrong moment).</summary>
public sealed class ProjectPrompts(IGrainFactory grains, IChatSender chat, AnswerDrafts drafts, IOptions<PaymentOptions> payments)
{
    private ChatMoney Money => new(payments.Value.StarsPerCredit);

    public async Task ShowAsync(ChatContext context, ProjectStatus status, CancellationToken cancellationToken)
    {
        var id = status.ProjectId;
        var l = context.Language;
        switch (status.State)
        {
            case ProjectState.ClarifyingDetails when status.OpenQuestions.Count > 0:
                var (questions, buttons) = ProjectTexts.Questions(id, l.Format("prompt.questions", "“{0}” waits for your answers:", status.Title), status.OpenQuestions,
                    drafts.Get(context.UserId, id), l);
                await chat.SendTextAsync(context.ChatId, questions, buttons, cancellationToken);
                break;
            case ProjectState.ConfirmingScope:
                await chat.SendTextAsync(context.ChatId,
                    l.Format("prompt.scope", "Proposed scope for {0}:", Html.Bold(status.Title)) + "\n\n" + TelegramMarkdown.ToHtml(status.ScopeSummary) + "\n\n"
                    + Html.Escape(l.Text("scope.confirmOrChange", "Confirm the scope, or tell me what to change.")),
                    ProjectTexts.ScopeButtons(id, l),
                    cancellationToken);
                break;
            case ProjectState.AwaitingStart:
                await chat.SendTextAsync(context.ChatId,
                    l.Format("prompt.plan", "The plan for {0} is ready: {1} TODO items, estimated cost {2}. "
                                            + "This is an estimate: you pay for what the models actually use, and the project stops to ask before spending more than {3}.",
                        Html.Bold(status.Title), status.TodoTotal, Html.Escape(ProjectWording.Cost(status.EstimateCredits, Money, l)), Html.Escape(ProjectWording.Cost(status.CreditCap, Money, l))),
                    ProjectTexts.PlanButtons(id, l),
                    cancellationToken);
                break;
            case ProjectState.Paused:
                var recent = await grains.GetGrain<IProjectGrain>(id).GetEventsAsync(Math.Max(0, status.LastEventSeq - 30), 30);
                var pause = recent.LastOrDefault(e => e.Kind == ProjectEventKind.Paused);
                var (text, choices) = pause is not null
                    ? ProjectTexts.Message(status.Title, pause, Money, l)
                    : (l.Format("prompt.paused", "{0} is paused: {1}", Html.Bold(status.Title), Html.Escape(ProjectWording.Activity(status.Activity, l))), []);
                await chat.SendTextAsync(context.ChatId, text, choices, cancellationToken);
                break;
            default:
                var balance = await grains.GetGrain<ICreditLedgerGrain>(context.UserId).GetBalanceAsync();
                await chat.SendTextAsync(context.ChatId, ProjectTexts.Status(status, balance, Money, l), null, cancellationToken);
                break;
        }
    }
}
