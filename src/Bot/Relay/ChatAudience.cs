namespace DevBot.Bot.Relay;

/// <summary>Whose projects this front-end reports on: Telegram users (positive ids) or the console user.</summary>
public sealed class ChatAudience(Func<long, bool> includes, string name)
{
    public string Name => name;

    public bool Includes(long userId) => includes(userId);

    public static ChatAudience Telegram { get; } = new(id => id > 0, "telegram");

    public static ChatAudience Console(long userId) => new(id => id == userId, "console");
}
