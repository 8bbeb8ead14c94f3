namespace DevBot.Bot.Relay;

/// <summary>Whose projects this front-end reports on: Telegram users (positive ids) or the console user.</summary>
public sealed class ChatAudience(long fromUserId, long toUserId, string name)
{
    public string Name => name;

    public long FromUserId => fromUserId;

    public long ToUserId => toUserId;

    public bool Includes(long userId) => userId >= fromUserId && userId <= toUserId;

    public static ChatAudience Telegram { get; } = new(1, long.MaxValue, "telegram");

    public static ChatAudience Console(long userId) => new(userId, userId, "console");
}
