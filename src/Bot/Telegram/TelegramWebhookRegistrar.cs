using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Bot.Telegram;

/// <summary>
/// Webhook mode: the process holding the token's lease registers the webhook (with its secret) and relays project
/// events; every process serves the endpoint.
/// </summary>
public sealed class TelegramWebhookRegistrar(
    ITelegramBotClient bot,
    TelegramLease lease,
    BotLeadership leadership,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<TelegramWebhookRegistrar> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var held = await lease.TryAcquireAsync();
                    if (held && !leadership.IsLeader)
                    {
                        await bot.SetWebhook(settings.WebhookUrl!, allowedUpdates: TelegramPoller.AllowedUpdates, secretToken: settings.WebhookSecret,
                            cancellationToken: stoppingToken);
                        await BotMenus.SetAsync(bot, settings.OperatorIds, stoppingToken);
                        logger.LogInformation("Webhook registered at {Url}", settings.WebhookUrl);
                    }

                    leadership.Set(held);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not register the webhook; trying again");
                }

                await Task.Delay(settings.LeaseDuration / 3, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            leadership.Set(false);
            await lease.ReleaseAsync();
        }
    }
}
