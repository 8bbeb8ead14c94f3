using DevBot.Bot.Console;
using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace DevBot.Bot.Handling;

/// <summary>
/// One update in, the right handler called: a pattern switch over what the update carries. Handlers make grain
/// calls and render; a failure is logged and the user told, except for a payment, whose failure is thrown so that
/// the update is delivered again (the ledger credits a charge id once), and except when no silo answers: that is
/// thrown too, so the poller (or Telegram, for a webhook) delivers the update again once the cluster is back,
/// rather than the user getting an apology for a message that was never read.
/// </summary>
public sealed class UpdateRouter(
    CommandHandler commands,
    ConversationHandler conversation,
    PaymentHandler payments,
    IGrainFactory grains,
    IChatSender chat,
    IOptions<BotOptions> options,
    ILogger<UpdateRouter> logger)
{
    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            switch (update)
            {
                case { PreCheckoutQuery: { } query }:
                    await payments.PreCheckoutAsync(query, cancellationToken);
                    break;
                case { Message: { SuccessfulPayment: { } payment, From: { } payer } message }:
                    await payments.PaidAsync(payer.Id, message.Chat.Id, payment, ChatLanguage.Of(payer.LanguageCode), cancellationToken);
                    break;
                case { Message.Chat.Type: not ChatType.Private }:
                    // Groups, channels and their service messages (the bot added or removed) get no answer.
                    break;
                case { Message: { From: { IsBot: false } from, Text: { } text } message }:
                    var context = Context(from, message.Chat.Id);
                    if (await AllowedAsync(context, cancellationToken))
                    {
                        await (text.StartsWith('/')
                            ? commands.HandleAsync(context, text, cancellationToken)
                            : conversation.TextAsync(context, text, cancellationToken));
                    }

                    break;
                case { Message: { From: { IsBot: false } from, Type: var type } message } when IsUserContent(type):
                    if (await AllowedAsync(Context(from, message.Chat.Id), cancellationToken))
                    {
                        await chat.SendTextAsync(message.Chat.Id, ChatLanguage.Of(from.LanguageCode).Text("reply.textOnly", "I can only read text messages: describe what you need in words."),
                            null, cancellationToken);
                    }

                    break;
                case { CallbackQuery: { } callback }:
                    var pressed = Context(callback.From, callback.Message?.Chat.Id ?? callback.From.Id);
                    if (await AllowedAsync(pressed, cancellationToken))
                    {
                        await conversation.ButtonAsync(pressed, callback.Id, callback.Data, cancellationToken, callback.Message?.Id);
                    }
                    else
                    {
                        await chat.AnswerButtonAsync(callback.Id, null, cancellationToken);
                    }

                    break;
                default:
                    logger.LogDebug("Ignoring update {UpdateId} ({Type})", update.Id, update.Type);
                    break;
            }
        }
        catch (Exception ex) when (ClusterUnavailable.Is(ex) && ex is not OperationCanceledException)
        {
            logger.LogWarning("Update {UpdateId} ({Type}) waits: the cluster is unavailable ({Reason})", update.Id, update.Type, ex.GetType().Name);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && update.Message?.SuccessfulPayment is null)
        {
            logger.LogError(ex, "Update {UpdateId} ({Type}) failed", update.Id, update.Type);
            if (ChatOf(update) is { } chatId)
            {
                try
                {
                    var language = ChatLanguage.Of(update.Message?.From?.LanguageCode ?? update.CallbackQuery?.From.LanguageCode);
                    await chat.SendTextAsync(chatId, language.Text("reply.somethingWrong", "Something went wrong on my side; please try again in a moment."), null, cancellationToken);
                }
                catch (Exception notice) when (notice is not OperationCanceledException)
                {
                    logger.LogWarning(notice, "Could not tell chat {ChatId} about the failure", chatId);
                }
            }
        }
    }

    /// <summary>Something a person sent (not a service message such as a refund notice or a pinned message).</summary>
    private static bool IsUserContent(MessageType type) => type is MessageType.Photo or MessageType.Document or MessageType.Video or MessageType.Audio
        or MessageType.Voice or MessageType.Sticker or MessageType.Animation or MessageType.VideoNote or MessageType.Location or MessageType.Contact
        or MessageType.Poll or MessageType.Venue or MessageType.Dice;

    /// <summary>The user an update belongs to (its updates are handled in order); null for none.</summary>
    public static long? UserOf(Update update) =>
        update.Message?.From?.Id ?? update.CallbackQuery?.From.Id ?? update.PreCheckoutQuery?.From.Id ?? update.Message?.Chat.Id;

    private static long? ChatOf(Update update) => update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id;

    private ChatContext Context(User from, long chatId) =>
        new(from.Id, chatId, new UserProfile(from.Username, string.Join(' ', new[] { from.FirstName, from.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), from.LanguageCode, null),
            options.Value.OperatorIds.Contains(from.Id));

    private async Task<bool> AllowedAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var decision = await grains.GetGrain<IUserGrain>(context.UserId).TryConsumeMessageAsync();
        if (!decision.Allowed)
        {
            await chat.SendTextAsync(context.ChatId,
                context.Language.Format("reply.rateLimited", "You're sending messages faster than I can read them; wait {0} s and try again.",
                    Math.Ceiling(decision.RetryAfter.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture)), null, cancellationToken);
        }

        return decision.Allowed;
    }
}
