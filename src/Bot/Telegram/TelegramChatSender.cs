using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.Payments;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Bot.Telegram;

/// <summary>
/// Sends through the Bot API: HTML parse mode, long texts split at 4096 characters, every message and edit paced by
/// <see cref="SendThrottle"/> (the client itself retries a 429 after its Retry-After).
/// </summary>
public sealed class TelegramChatSender(ITelegramBotClient bot, SendThrottle throttle, ILogger<TelegramChatSender> logger) : IChatSender
{
    /// <summary>Telegram's limit for a document caption.</summary>
    private const int CaptionLimit = 1024;

    private string? _username;

    public async Task<int> SendTextAsync(long chatId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken cancellationToken = default)
    {
        var parts = MessageSplitter.Split(html);
        var id = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            await throttle.WaitAsync(chatId, cancellationToken);
            var message = await Guard(chatId, () => bot.SendMessage(chatId, parts[i], ParseMode.Html,
                replyMarkup: i == parts.Count - 1 ? Keyboard(buttons) : null,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                cancellationToken: cancellationToken));
            id = message.MessageId;
        }

        return id;
    }

    public async Task<int> EditTextAsync(long chatId, int messageId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken cancellationToken = default)
    {
        await throttle.WaitAsync(chatId, cancellationToken);
        try
        {
            await Guard(chatId, () => bot.EditMessageText(chatId, messageId, MessageSplitter.Split(html)[0], ParseMode.Html, Keyboard(buttons),
                new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancellationToken));
            return messageId;
        }
        catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogDebug("Progress message {MessageId} in chat {ChatId} was already up to date", messageId, chatId);
            return messageId;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400
            && (ex.Message.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("can't be edited", StringComparison.OrdinalIgnoreCase)))
        {
            // The user deleted it (or it is too old to edit): the progress goes on in a new message.
            return await SendTextAsync(chatId, html, buttons, cancellationToken);
        }
    }

    public async Task EditButtonsAsync(long chatId, int messageId, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons, CancellationToken cancellationToken = default)
    {
        await throttle.WaitAsync(chatId, cancellationToken);
        try
        {
            await Guard(chatId, () => bot.EditMessageReplyMarkup(chatId, messageId, Keyboard(buttons), cancellationToken: cancellationToken));
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400)
        {
            // "message is not modified", "message to edit not found" (deleted), "can't be edited" (too old): nothing to do.
            logger.LogDebug("The buttons of message {MessageId} in chat {ChatId} were left as they are: {Reason}", messageId, chatId, ex.Message);
        }
    }

    public async Task<string?> StartLinkAsync(string payload, CancellationToken cancellationToken = default)
    {
        // The bot's username does not change while it runs: asked once.
        _username ??= (await bot.GetMe(cancellationToken)).Username;
        return _username is null ? null : $"https://t.me/{_username}?start={Uri.EscapeDataString(payload)}";
    }

    public async Task SendTypingAsync(long chatId, CancellationToken cancellationToken = default) =>
        // Not paced by the throttle: a chat action is no message, and a late one is worthless.
        await Guard(chatId, async () =>
        {
            await bot.SendChatAction(chatId, ChatAction.Typing, cancellationToken: cancellationToken);
            return true;
        });

    public async Task SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken cancellationToken = default)
    {
        await throttle.WaitAsync(chatId, cancellationToken);
        using var stream = new MemoryStream(content, writable: false);
        // A long caption becomes its first 200 characters as plain text (escaped, that still fits the limit).
        var plain = Html.ToPlain(captionHtml);
        var caption = captionHtml.Length <= CaptionLimit ? captionHtml : Html.Escape(plain.Length > 200 ? plain[..200] + "…" : plain);
        await Guard(chatId, () => bot.SendDocument(chatId, InputFile.FromStream(stream, fileName), caption, ParseMode.Html, cancellationToken: cancellationToken));
    }

    public Task AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default) =>
        bot.AnswerCallbackQuery(callbackId, notice, cancellationToken: cancellationToken);

    public async Task SendInvoiceAsync(long chatId, string title, string description, int stars, string payload, CancellationToken cancellationToken = default)
    {
        await throttle.WaitAsync(chatId, cancellationToken);
        // Digital goods are sold in Stars: currency XTR and an empty provider token.
        await Guard(chatId, () => bot.SendInvoice(chatId, title, description, payload,
            PaymentOptions.Currency, [new LabeledPrice(title, stars)], providerToken: string.Empty, cancellationToken: cancellationToken));
    }

    public Task AnswerPreCheckoutAsync(string queryId, string? error, CancellationToken cancellationToken = default) =>
        bot.AnswerPreCheckoutQuery(queryId, error, cancellationToken);

    public Task RefundStarsAsync(long userId, string chargeId, CancellationToken cancellationToken = default) =>
        bot.RefundStarPayment(userId, chargeId, cancellationToken);

    /// <summary>A 403 (blocked by the user, deactivated account) will not change on retry: it becomes <see cref="ChatUnreachableException"/>.</summary>
    private static async Task<T> Guard<T>(long chatId, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403)
        {
            throw new ChatUnreachableException(chatId, ex.Message, ex);
        }
    }

    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<IReadOnlyList<ChatButton>>? buttons) =>
        buttons is null || buttons.Count == 0
            ? null
            : new InlineKeyboardMarkup(buttons.Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Data))));
}
