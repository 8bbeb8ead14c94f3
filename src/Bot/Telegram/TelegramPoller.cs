using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace DevBot.Bot.Telegram;

/// <summary>
/// Long polling. Telegram serves one poller per token, so the process polls only while it holds the token's lease
/// in the cluster; others wait. The offset moves past a batch only once every update in it was handled, so an update
/// whose handling failed (a payment the ledger could not take yet) comes again; handled ones are not redone.
/// </summary>
public sealed class TelegramPoller(
    ITelegramBotClient bot,
    UpdateDispatcher dispatcher,
    TelegramLease lease,
    BotLeadership leadership,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.PreCheckoutQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        int? offset = null;
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!await lease.TryAcquireAsync())
                    {
                        if (leadership.IsLeader)
                        {
                            logger.LogWarning("Another process now polls Telegram for this bot; this one stands by");
                        }

                        leadership.Set(false);
                        await Task.Delay(settings.LeaseDuration / 3, time, stoppingToken);
                        continue;
                    }

                    if (!leadership.IsLeader)
                    {
                        await bot.DeleteWebhook(cancellationToken: stoppingToken);
                        await bot.SetMyCommands(CommandHandler.Menu.Select(c => new BotCommand { Command = c.Command, Description = c.Description }),
                            cancellationToken: stoppingToken);
                        leadership.Set(true);
                        logger.LogInformation("Polling Telegram for updates");
                    }

                    var updates = await bot.GetUpdates(offset, 100, (int)settings.PollTimeout.TotalSeconds, AllowedUpdates, stoppingToken);
                    if (updates.Length > 0)
                    {
                        await dispatcher.DispatchAsync(updates, stoppingToken);
                        offset = updates[^1].Id + 1;
                    }

                    backoff = TimeSpan.FromSeconds(1);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (ApiRequestException ex) when (ex.ErrorCode == 409)
                {
                    logger.LogWarning("Telegram refused to poll: another poller or a webhook uses this bot token ({Message})", ex.Message);
                    await Task.Delay(backoff, time, stoppingToken);
                    backoff = Next(backoff);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Polling failed; trying again in {Delay}", backoff);
                    await Task.Delay(backoff, time, stoppingToken);
                    backoff = Next(backoff);
                }
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

    private static TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
}
