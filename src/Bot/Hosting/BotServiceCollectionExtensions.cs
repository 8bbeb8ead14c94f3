using DevBot.Bot.Console;
using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Relay;
using DevBot.Bot.Telegram;
using DevBot.Bot.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace DevBot.Bot.Hosting;

public static class BotServiceCollectionExtensions
{
    public const string TokenVariable = "TELEGRAM_BOT_TOKEN";
    public const string WebhookSecretVariable = "TELEGRAM_WEBHOOK_SECRET";

    /// <summary>Which front-end the configuration asks for: Auto means Telegram with a token, else the console.</summary>
    public static BotMode ResolveMode(IConfiguration configuration)
    {
        var options = Read(configuration);
        return options.Mode == BotMode.Auto ? (string.IsNullOrWhiteSpace(options.Token) ? BotMode.Console : BotMode.Telegram) : options.Mode;
    }

    /// <summary>
    /// The chat front-end on the process's grain factory (an Orleans client, or the silo itself when co-hosted):
    /// Telegram (long polling, or a webhook when <c>Bot:WebhookUrl</c> is set) or the console chat.
    /// </summary>
    public static IServiceCollection AddDevBotChat(this IServiceCollection services, IConfiguration configuration, ConsoleStreams? console = null)
    {
        var mode = ResolveMode(configuration);
        services.AddOptions<BotOptions>()
            .Bind(configuration.GetSection(BotOptions.SectionName))
            .PostConfigure(o =>
            {
                o.Token ??= configuration[TokenVariable];
                o.WebhookSecret ??= configuration[WebhookSecretVariable];
            })
            .ValidateDataAnnotations()
            .Validate(o => mode != BotMode.Telegram || IsToken(o.Token), $"{TokenVariable} must be a bot token (digits, a colon, then the secret part).")
            .Validate(o => string.IsNullOrEmpty(o.WebhookUrl) || (o.WebhookSecret?.Length ?? 0) >= 16,
                $"A webhook needs {WebhookSecretVariable} (at least 16 characters: letters, digits, _ and -).")
            .ValidateOnStart();
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        if (mode == BotMode.Off)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AnswerDrafts>();
        services.AddSingleton<ProjectPrompts>();
        services.AddSingleton<PaymentHandler>();
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<ConversationHandler>();
        services.AddSingleton<UpdateRouter>();
        services.AddSingleton<UpdateDispatcher>();
        services.AddSingleton<ProjectRelay>();
        services.AddHostedService<ProjectRelayService>();

        if (mode == BotMode.Telegram)
        {
            services.AddSingleton(ChatAudience.Telegram);
            services.AddSingleton<BotLeadership>();
            services.AddSingleton<SendThrottle>();
            services.AddSingleton<ITelegramBotClient>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<BotOptions>>().Value;
                return new TelegramBotClient(new TelegramBotClientOptions(options.Token!, string.IsNullOrWhiteSpace(options.ApiBaseUrl) ? null : options.ApiBaseUrl));
            });
            services.AddSingleton<IChatSender, TelegramChatSender>();
            services.AddSingleton<TelegramLease>();
            services.AddHostedService<OperatorAlertRelay>();
            if (string.IsNullOrWhiteSpace(Read(configuration).WebhookUrl))
            {
                services.AddHostedService<TelegramPoller>();
            }
            else
            {
                services.AddHostedService<TelegramWebhookRegistrar>();
            }
        }
        else
        {
            var streams = console ?? ConsoleStreams.Standard();
            services.AddSingleton(streams);
            services.AddSingleton(sp => ChatAudience.Console(sp.GetRequiredService<IOptions<BotOptions>>().Value.ConsoleUserId));
            services.AddSingleton<ConsoleButtons>();
            services.AddSingleton<IChatSender>(sp => new ConsoleChatSender(sp.GetRequiredService<ConsoleButtons>(), sp.GetRequiredService<IOptions<BotOptions>>(), streams.Output));
            services.AddSingleton(_ =>
            {
                // The console chat is the only front-end of its user: it always relays.
                var leadership = new BotLeadership();
                leadership.Set(true);
                return leadership;
            });
            services.AddHostedService<ConsoleChat>();
        }

        return services;
    }

    private static BotOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        options.Token ??= configuration[TokenVariable];
        return options;
    }

    private static bool IsToken(string? token) =>
        token is not null && token.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && token[..colon].All(char.IsAsciiDigit) && colon < token.Length - 1;
}
