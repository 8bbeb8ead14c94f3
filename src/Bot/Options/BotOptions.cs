using System.ComponentModel.DataAnnotations;

namespace DevBot.Bot.Options;

/// <summary>The chat front-end (section <c>Bot</c>; the token comes from <c>TELEGRAM_BOT_TOKEN</c>).</summary>
public sealed class BotOptions : IValidatableObject
{
    public const string SectionName = "Bot";

    /// <summary>Auto: Telegram when a token is set, otherwise the console chat.</summary>
    public BotMode Mode { get; set; } = BotMode.Auto;

    /// <summary>The bot token (from <c>TELEGRAM_BOT_TOKEN</c>); never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Bot API server (a local Bot API server, or the fake one in tests); empty for Telegram's.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Public HTTPS address Telegram posts updates to; set it to use a webhook instead of long polling.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> (from <c>TELEGRAM_WEBHOOK_SECRET</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Path of the webhook endpoint on this process.</summary>
    [Required]
    public string WebhookPath { get; set; } = "/telegram/webhook";

    /// <summary>Telegram user ids allowed to use operator commands (<c>/keys</c>, <c>/refund</c>).</summary>
    public List<long> OperatorIds { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:00", "00:00:50")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the poller's lease lasts without renewal (one poller per token: Telegram refuses two).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Shortest time between two edits of a project's progress message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ProgressEditInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Shortest time between two messages to one chat (Telegram: about one per second).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per second across all chats (Telegram: about thirty).</summary>
    [Range(1, 1000)]
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>How often the relay looks for events not yet shown (after a restart, or an observer lost with a silo).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often "typing…" is renewed while a project's step runs (Telegram shows it for five seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:05")]
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Shortest time between two piped lines of the console chat (the per-user message rate limit allows about one per two seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ConsoleLineInterval { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Folder the console chat saves delivered packages to.</summary>
    [Required]
    public string Downloads { get; set; } = "downloads";

    /// <summary>User id of the console chat (negative: never a Telegram user).</summary>
    [Range(long.MinValue, -1)]
    public long ConsoleUserId { get; set; } = -1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A lease shorter than a long poll would lapse while its holder still polls, and another process could take over.
        if (LeaseDuration < PollTimeout * 2 + TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"Bot:LeaseDuration ({LeaseDuration}) must exceed twice Bot:PollTimeout ({PollTimeout}) by a second.",
                [nameof(LeaseDuration), nameof(PollTimeout)]);
        }
    }
}
