namespace DevBot.Bot.Options;

public enum BotMode
{
    /// <summary>Telegram when a token is configured, otherwise the console chat.</summary>
    Auto = 0,
    Telegram = 1,
    Console = 2,

    /// <summary>No chat front-end in this process.</summary>
    Off = 3,
}
