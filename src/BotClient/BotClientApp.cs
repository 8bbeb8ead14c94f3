using System.ComponentModel.DataAnnotations;
using DevBot.Bot.Hosting;
using DevBot.Bot.Options;
using DevBot.Bot.Telegram;
using DevBot.ClusterClient;
using DevBot.Telemetry;
using Microsoft.Extensions.Options;

namespace DevBot.BotClient;

/// <summary>
/// The bot process: an Orleans client of the cluster running the Telegram bot (long polling, or a webhook endpoint
/// when <c>Bot:WebhookUrl</c> is set) or, without a token or with <c>--console</c>, the console chat.
/// </summary>
public static class BotClientApp
{
    /// <summary>Runs until stopped; exit codes: 0 stopped, 2 invalid configuration, 130 interrupted while waiting for the cluster.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var (rest, settings, _) = ChatArguments.Split(args);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(settings);
            var mode = BotServiceCollectionExtensions.ResolveMode(builder.Configuration);
            if (mode == BotMode.Off)
            {
                await Console.Error.WriteLineAsync("devbot-bot: Bot:Mode is Off; nothing to run.");
                return 2;
            }

            if (mode == BotMode.Console)
            {
                // The terminal belongs to the conversation.
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(".devbot", "logs", "bot.log")));
            }

            // The console user sees that the chat waits for a silo; the Telegram bot says so in its log.
            Action<string>? announce = mode == BotMode.Console ? message => Console.Out.WriteLine("bot> " + message) : null;
            builder.UseOrleansClient(client => client.AddDevBotCluster(builder.Configuration, announce: announce));
            builder.Services.AddDevBotChat(builder.Configuration);
            builder.Services.AddDevBotTelemetry(builder.Configuration, "devbot-bot");
            var app = builder.Build();
            app.MapGet("/healthz", () => Results.Text("Healthy"));
            if (!string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<BotOptions>>().Value.WebhookUrl))
            {
                app.MapDevBotTelegramWebhook();
            }

            await app.RunAsync();
            return 0;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C while still waiting for the cluster: the start is abandoned, not crashed.
            await Console.Error.WriteLineAsync("devbot-bot: interrupted before the cluster answered.");
            return 130;
        }
        catch (Exception ex) when (ex is ValidationException or OptionsValidationException or FormatException)
        {
            await Console.Error.WriteLineAsync("devbot-bot: invalid configuration: " + ex.Message);
            return 2;
        }
    }
}
