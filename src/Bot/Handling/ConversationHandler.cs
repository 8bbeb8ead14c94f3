using DevBot.Bot.Console;
using DevBot.Bot.Relay;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;

namespace DevBot.Bot.Handling;

/// <summary>
/// Free text and buttons about projects. What a message means depends on the state of the user's active project
/// (an idea, answers, a scope correction); every decision is the project grain's, and its refusals are shown as
/// they are.
/// </summary>
public sealed class ConversationHandler(
    IGrainFactory grains,
    IChatSender chat,
    ProjectRelay relay,
    ProjectPrompts prompts,
    AnswerDrafts drafts,
    PaymentHandler payments,
    CommandHandler commands)
{
    public async Task TextAsync(ChatContext context, string text, CancellationToken cancellationToken)
    {
        var user = grains.GetGrain<IUserGrain>(context.UserId);
        var summary = await user.GetSummaryAsync();
        // The relay writes later news in the language the profile keeps: a user who switched Telegram's language gets the new one.
        if (context.Profile.LanguageCode is { } code && code != summary.Profile.LanguageCode && summary.ProjectCount > 0)
        {
            await user.UpdateProfileAsync(summary.Profile with { LanguageCode = code });
        }

        var status = summary.ActiveProjectId is { } activeId ? await Project(activeId).GetStatusAsync() : null;
        if (status is null || status.State.IsTerminal())
        {
            await StartProjectAsync(context, user, summary, text, cancellationToken);
            return;
        }

        var project = Project(status.ProjectId);
        switch (status.State)
        {
            case ProjectState.ClarifyingDetails when status.OpenQuestions.Count > 0:
                await ReportAsync(context, status.ProjectId,
                    await project.AnswerAsync(context.UserId, drafts.Compose(context.UserId, status.ProjectId, status.OpenQuestions, text)), cancellationToken,
                    onAccepted: () => drafts.Clear(context.UserId, status.ProjectId));
                break;
            case ProjectState.ConfirmingScope:
                await ReportAsync(context, status.ProjectId, await project.ConfirmScopeAsync(context.UserId, false, text), cancellationToken);
                break;
            case ProjectState.AwaitingStart:
                // Words at the plan stage are a change to the plan, in the user's own words.
                await ReportAsync(context, status.ProjectId, await project.RevisePlanAsync(context.UserId, text), cancellationToken);
                break;
            case ProjectState.Paused:
                await chat.SendTextAsync(context.ChatId, context.Language.Text("reply.chooseButtons", "Please choose with the buttons:"), null, cancellationToken);
                await prompts.ShowAsync(context, status, cancellationToken);
                break;
            default:
                await chat.SendTextAsync(context.ChatId,
                    context.Language.Format("reply.working", "I'm working on {0}: {1}.\n/status shows the progress; /cancel stops the project.",
                        Html.Bold(status.Title), Html.Escape(ProjectWording.Activity(status.Activity, context.Language))),
                    null, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// A button pressed under message <paramref name="messageId"/>: picked options are marked there (✓), and the
    /// buttons go once the question they ask is answered, so the chat shows what was chosen and nothing stale to press.
    /// </summary>
    public async Task ButtonAsync(ChatContext context, string callbackId, string? data, CancellationToken cancellationToken, int? messageId = null)
    {
        var l = context.Language;
        var button = CallbackData.Parse(data);
        if (button is null)
        {
            await chat.AnswerButtonAsync(callbackId, l.Text("button.gone", "That button no longer works."), cancellationToken);
            return;
        }

        switch (button.Verb)
        {
            case CallbackData.ShowCredits:
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await commands.CreditsAsync(context, cancellationToken);
                return;
            case CallbackData.Buy:
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await payments.OfferAsync(context, button.A, cancellationToken);
                return;
        }

        var projectId = button.ProjectId!.Value;
        var project = Project(projectId);
        var status = await project.GetStatusAsync();
        if (status.UserId != context.UserId)
        {
            // The same answer whether the project is someone else's or does not exist.
            await chat.AnswerButtonAsync(callbackId, l.Text("button.noProject", "I can't find that project."), cancellationToken);
            return;
        }

        switch (button.Verb)
        {
            case CallbackData.Option:
                // The tag is the question's own: a button of an earlier round does not answer this one.
                var option = button.A < status.OpenQuestions.Count && button.B < status.OpenQuestions[button.A].Options.Count
                             && button.Tag == CallbackData.TagOf(status.OpenQuestions[button.A].Text)
                    ? status.OpenQuestions[button.A].Options[button.B]
                    : null;
                if (option is not null)
                {
                    drafts.Choose(context.UserId, projectId, button.A, button.B);
                }

                await chat.AnswerButtonAsync(callbackId, option is null
                    ? l.Text("button.alreadyAnswered", "Those questions were already answered.")
                    : l.Format("button.picked", "Picked: {0}", TelegramMarkdown.ToPlain(option)), cancellationToken);
                await EditButtonsAsync(context, messageId, option is null
                    ? null
                    : ProjectTexts.Questions(projectId, string.Empty, status.OpenQuestions, drafts.Get(context.UserId, projectId), l).Buttons, cancellationToken);
                return;
            case CallbackData.SendAnswers:
                var answers = drafts.Compose(context.UserId, projectId, status.OpenQuestions, null);
                if (answers.Length == 0)
                {
                    await chat.AnswerButtonAsync(callbackId, l.Text("button.pickFirst", "Pick some options, or type your answers."), cancellationToken);
                    return;
                }

                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                var answered = await project.AnswerAsync(context.UserId, answers);
                if (answered.Accepted)
                {
                    await EditButtonsAsync(context, messageId, null, cancellationToken);
                }

                await ReportAsync(context, projectId, answered, cancellationToken, onAccepted: () => drafts.Clear(context.UserId, projectId));
                return;
            case CallbackData.ChangeScope:
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await chat.SendTextAsync(context.ChatId, l.Text("reply.changeScope", "Tell me in one message what to change in the scope."), null, cancellationToken);
                return;
            case CallbackData.ChangePlan:
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await chat.SendTextAsync(context.ChatId, status.State == ProjectState.AwaitingStart
                    ? l.Text("reply.changePlan", "Tell me in one message what to change in the plan, in your own words (for example: “store the notes in SQLite”, "
                                                 + "“leave out deleting”). The Architect revises the docs and the TODO list and shows you the new estimate.")
                    : l.Format("button.earlier", "That button is from earlier: {0} is {1} now.", Html.Bold(status.Title), Html.Escape(ProjectTexts.StateName(status, l))),
                    null, cancellationToken);
                return;
            case CallbackData.Rate:
                var rated = await project.RateAsync(context.UserId, button.A);
                await chat.AnswerButtonAsync(callbackId, rated switch
                {
                    FeedbackOutcome.Saved => l.Format("rating.saved", "Thanks! You rated it {0}/5.", button.A),
                    FeedbackOutcome.AlreadyGiven => l.Text("rating.already", "You have already rated this project."),
                    _ => l.Text("rating.cannot", "This project cannot be rated."),
                }, cancellationToken);
                await EditButtonsAsync(context, messageId, null, cancellationToken);
                if (rated == FeedbackOutcome.Saved)
                {
                    await chat.SendTextAsync(context.ChatId,
                        l.Format("rating.thanks", "Thanks for rating {0} {1}/5. Anything to add? Send /feedback followed by your comment "
                                                  + "(for example: /feedback the README was clear, the tests were too few).", Html.Bold(status.Title), button.A),
                        null, cancellationToken);
                }

                return;
            case CallbackData.KeepGoing:
                await chat.AnswerButtonAsync(callbackId, l.Text("button.carryingOn", "Carrying on."), cancellationToken);
                await EditButtonsAsync(context, messageId, null, cancellationToken);
                return;
            case CallbackData.DeclineStart when status.State == ProjectState.AwaitingStart:
                // "Cancel" under the estimate asks first, as /cancel does; the estimate's buttons stay until it is answered.
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await commands.AskToCancelAsync(context, status, cancellationToken);
                return;
            case CallbackData.Download:
                await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
                await commands.DownloadAsync(context, projectId, cancellationToken);
                return;
        }

        await chat.AnswerButtonAsync(callbackId, null, cancellationToken);
        // A button pressed after its moment has passed (its message was not edited) must not act on what the project does now.
        var stale = button.Verb switch
        {
            CallbackData.ConfirmScope => status.State != ProjectState.ConfirmingScope,
            CallbackData.StartDevelopment or CallbackData.DeclineStart => status.State != ProjectState.AwaitingStart,
            CallbackData.ConfirmCancel => status.State.IsTerminal(),
            CallbackData.Retry or CallbackData.Skip or CallbackData.Stop => status.State != ProjectState.Paused,
            CallbackData.RaiseCap => status is not { State: ProjectState.Paused, Pause: PauseReason.CreditCapReached },
            _ => false,
        };
        if (stale)
        {
            await EditButtonsAsync(context, messageId, null, cancellationToken);
            await chat.SendTextAsync(context.ChatId,
                l.Format("button.earlier", "That button is from earlier: {0} is {1} now.", Html.Bold(status.Title), Html.Escape(ProjectTexts.StateName(status, l)))
                + " " + l.Text("button.earlier.status", "/status shows where it is."), null, cancellationToken);
            return;
        }

        var result = button.Verb switch
        {
            CallbackData.ConfirmScope => await project.ConfirmScopeAsync(context.UserId, true, null),
            CallbackData.StartDevelopment => await project.StartDevelopmentAsync(context.UserId),
            CallbackData.ConfirmCancel => await project.CancelAsync(context.UserId),
            CallbackData.Retry => await project.ResumeAsync(context.UserId, ResumeDecision.Retry),
            CallbackData.Skip => await project.ResumeAsync(context.UserId, ResumeDecision.SkipItem),
            CallbackData.Stop => await project.ResumeAsync(context.UserId, ResumeDecision.Stop),
            CallbackData.RaiseCap => await project.RaiseCapAsync(context.UserId, Math.Max(10m, Math.Round(status.EstimateCredits / 2, 0))),
            _ => null,
        };
        if (result is null)
        {
            await chat.SendTextAsync(context.ChatId, l.Text("button.gone", "That button no longer works."), null, cancellationToken);
            return;
        }

        // The question these buttons asked is answered now: they go (a refused press keeps them, to press again).
        if (result.Accepted)
        {
            await EditButtonsAsync(context, messageId, null, cancellationToken);
        }

        await ReportAsync(context, projectId, result, cancellationToken);
        if (result.Accepted && button.Verb == CallbackData.RaiseCap)
        {
            await chat.SendTextAsync(context.ChatId, Html.Escape(ProjectWording.Reply(result, l)), null, cancellationToken);
        }
    }

    /// <summary>Marks or removes a message's buttons, after what the press does: a cosmetic edit that fails (the chat blocked the bot) changes nothing.</summary>
    private async Task EditButtonsAsync(ChatContext context, int? messageId, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons, CancellationToken cancellationToken)
    {
        if (messageId is not { } id || id <= 0)
        {
            return;
        }

        try
        {
            await chat.EditButtonsAsync(context.ChatId, id, buttons, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException && !ClusterUnavailable.Is(ex))
        {
            // The press has done what it does; the old buttons' own checks refuse a late press.
        }
    }

    private async Task StartProjectAsync(ChatContext context, IUserGrain user, UserSummary summary, string idea, CancellationToken cancellationToken)
    {
        if (summary.Profile.Username is null && summary.Profile.DisplayName is null && summary.ProjectCount == 0)
        {
            // Someone who wrote before /start: welcome them the same way (the free credits are granted once anyway).
            await user.StartAsync(context.Profile);
        }

        var projectId = Guid.NewGuid();
        // The Architect talks to the user in the user's language (the docs and the code stay in English).
        var language = context.Language;
        await ReportAsync(context, projectId, await Project(projectId).CreateAsync(context.UserId, idea, language == ChatLanguage.English ? null : language.Name), cancellationToken);
    }

    /// <summary>A refusal is said as the project put it; an accepted command's news comes from the project's events.</summary>
    private async Task ReportAsync(ChatContext context, Guid projectId, ProjectCommandResult result, CancellationToken cancellationToken, Action? onAccepted = null)
    {
        if (!result.Accepted)
        {
            await chat.SendTextAsync(context.ChatId, Html.Escape(ProjectWording.Reply(result, context.Language)), null, cancellationToken);
            return;
        }

        onAccepted?.Invoke();
        // What the project says next comes through the relay; the update handler does not wait for it.
        await relay.TrackAsync(projectId, context.UserId);
        relay.Nudge(projectId);
    }

    private IProjectGrain Project(Guid id) => grains.GetGrain<IProjectGrain>(id);
}
