namespace DevBot.Bot.Transport;

/// <summary>The chat cannot be written to for good (the user blocked the bot, or the account is gone).</summary>
public sealed class ChatUnreachableException(long chatId, string reason, Exception? inner = null)
    : Exception($"Chat {chatId} cannot be reached: {reason}", inner)
{
    public long ChatId { get; } = chatId;
}
