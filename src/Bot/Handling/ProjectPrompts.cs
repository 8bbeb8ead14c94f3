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

    private static ChatLanguage Language(ChatContext context) => ChatLanguage.Of(context.Profile.LanguageCode);

    public async Task ShowAsync(ChatContext context, ProjectStatus status, CancellationToken cancellationToken)
    {
        var id = status.ProjectId;
        switch (status.State)
        {
            case ProjectState.ClarifyingDetails when status.OpenQuestions.Count > 0:
                var (questions, buttons) = ProjectTexts.Questions(id, $"“{status.Title}” waits for your answers:", status.OpenQuestions, drafts.Get(context.UserId, id), Language(context));
                await chat.SendTextAsync(context.ChatId, questions, buttons, cancellationToken);
                break;
            case ProjectState.ConfirmingScope:
                await chat.SendTextAsync(context.ChatId,
                    $"Proposed scope for {Html.Bold(status.Title)}:\n\n{TelegramMarkdown.ToHtml(status.ScopeSummary)}\n\nConfirm the scope, or tell me what to change.",
                    ProjectTexts.ScopeButtons(id, Language(context)),
                    cancellationToken);
                break;
            case ProjectState.AwaitingStart:
                await chat.SendTextAsync(context.ChatId,
                    $"The plan for {Html.Bold(status.Title)} is ready: {status.TodoTotal} TODO items, estimated cost {Html.Escape(ProjectWording.Cost(status.EstimateCredits, Money))}. "
                    + $"This is an estimate: you pay for what the models actually use, and the project stops to ask before spending more than {Html.Escape(ProjectWording.Cost(status.CreditCap, Money))}.",
                    ProjectTexts.PlanButtons(id, Language(context)),
                    cancellationToken);
                break;
            case ProjectState.Paused:
                var recent = await grains.GetGrain<IProjectGrain>(id).GetEventsAsync(Math.Max(0, status.LastEventSeq - 30), 30);
                var pause = recent.LastOrDefault(e => e.Kind == ProjectEventKind.Paused);
                var (text, choices) = pause is not null
                    ? ProjectTexts.Message(status.Title, pause, Money)
                    : ($"{Html.Bold(status.Title)} is paused: {Html.Escape(ProjectWording.Activity(status.Activity))}", []);
                await chat.SendTextAsync(context.ChatId, text, choices, cancellationToken);
                break;
            default:
                var balance = await grains.GetGrain<ICreditLedgerGrain>(context.UserId).GetBalanceAsync();
                await chat.SendTextAsync(context.ChatId, ProjectTexts.Status(status, balance, Money), null, cancellationToken);
                break;
        }
    }
}
