using DevBot.Bot.Options;

namespace DevBot.Bot.Transport;

/// <summary>
/// What the bot says, whatever the chat: Telegram (rate-limited, split at its limit) or the console. Texts are
/// Telegram HTML; buttons are rows. A chat that can never be written to again throws <see cref="ChatUnreachableException"/>.
/// </summary>
public interface IChatSender
{
    /// <summary>Sends a message (split when long; buttons go under the last part) and returns the last part's id.</summary>
    Task<int> SendTextAsync(long chatId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a message's text (progress messages are edited in place) and returns the id of the message now showing
    /// it: a new one when the old one can no longer be edited (the user deleted it).
    /// </summary>
    Task<int> EditTextAsync(long chatId, int messageId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the buttons under a message (picked options marked, or none once the question is answered). A message
    /// that can no longer be edited is left as it is: the buttons' own checks refuse a late press.
    /// </summary>
    Task EditButtonsAsync(long chatId, int messageId, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons, CancellationToken cancellationToken = default);

    /// <summary>Shows "typing…" in the chat for about five seconds (Telegram's chat action); a no-op where there is no such thing.</summary>
    Task SendTypingAsync(long chatId, CancellationToken cancellationToken = default);

    /// <summary>A link that opens a chat with the bot and sends <c>/start PAYLOAD</c>; null where there are no such links (the console).</summary>
    Task<string?> StartLinkAsync(string payload, CancellationToken cancellationToken = default);

    Task SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken cancellationToken = default);

    Task AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default);

    /// <summary>An invoice in Stars: its title (also the price's label) and description are in the buyer's language.</summary>
    Task SendInvoiceAsync(long chatId, string title, string description, int stars, string payload, CancellationToken cancellationToken = default);

    Task AnswerPreCheckoutAsync(string queryId, string? error, CancellationToken cancellationToken = default);

    /// <summary>Gives a Stars payment back to the user (operators only).</summary>
    Task RefundStarsAsync(long userId, string chargeId, CancellationToken cancellationToken = default);
}
