using DevBot.Bot.Console;
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
/// in the cluster (renewed on its own timer, so a long batch does not let it lapse); others wait. The offset moves
/// past a batch only once every update in it was handled, so an update whose handling failed (a payment the ledger
/// could not take yet) comes again; handled ones are not redone. A batch that keeps failing is logged in full and
/// passed, rather than stopping the bot for everyone. At shutdown the last offset is confirmed to Telegram.
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

    /// <summary>Tries of one batch before its updates are logged as dead letters and passed.</summary>
    private const int MaxBatchTries = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        int? offset = null;
        var failedTries = 0;
        var backoff = TimeSpan.FromSeconds(1);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewWhileLeadingAsync(renewal.Token);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Update[] updates = [];
                try
                {
                    if (!leadership.IsLeader && !await TakeLeadAsync(stoppingToken))
                    {
                        await Task.Delay(settings.LeaseDuration / 3, time, stoppingToken);
                        continue;
                    }

                    updates = await bot.GetUpdates(offset, 100, (int)settings.PollTimeout.TotalSeconds, AllowedUpdates, stoppingToken);
                    if (updates.Length > 0)
                    {
                        await dispatcher.DispatchAsync(updates, stoppingToken);
                        offset = updates[^1].Id + 1;
                    }

                    failedTries = 0;
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
                    // A cluster outage is nobody's bad update: the batch waits for the cluster, however long it takes.
                    if (updates.Length > 0 && !ClusterUnavailable.Is(ex) && ++failedTries >= MaxBatchTries)
                    {
                        // Updates that could not be handled (a payment whose recording keeps failing) stay in the log
                        // with everything an operator needs to settle them by hand; the bot goes on for everyone else.
                        foreach (var update in updates)
                        {
                            logger.LogCritical("Dead letter: update {UpdateId} ({Type}) of user {UserId} could not be handled after {Tries} tries; payment charge {ChargeId}",
                                update.Id, update.Type, UpdateRouter.UserOf(update), MaxBatchTries, update.Message?.SuccessfulPayment?.TelegramPaymentChargeId);
                        }

                        offset = updates[^1].Id + 1;
                        failedTries = 0;
                    }

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
            await renewal.CancelAsync();
            await renewing;
            await ConfirmAsync(offset);
            leadership.Set(false);
            await lease.ReleaseAsync();
        }
    }

    private async Task<bool> TakeLeadAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryAcquireAsync())
        {
            return false;
        }

        await bot.DeleteWebhook(cancellationToken: cancellationToken);
        await BotMenus.SetAsync(bot, options.Value.OperatorIds, cancellationToken);
        leadership.Set(true);
        logger.LogInformation("Polling Telegram for updates");
        return true;
    }

    /// <summary>Keeps the lease while this process leads; a lost lease ends the lead at the next poll.</summary>
    private async Task RenewWhileLeadingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.LeaseDuration / 3, time, cancellationToken);
                if (!leadership.IsLeader)
                {
                    continue;
                }

                try
                {
                    if (!await lease.TryAcquireAsync())
                    {
                        logger.LogWarning("Another process now polls Telegram for this bot; this one stands by");
                        leadership.Set(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Could not renew the bot's lease; trying again");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Telegram forgets updates only when a later getUpdates names the offset: say it before leaving.</summary>
    private async Task ConfirmAsync(int? offset)
    {
        if (offset is null || !leadership.IsLeader)
        {
            return;
        }

        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await bot.GetUpdates(offset, 1, 0, AllowedUpdates, deadline.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not confirm the last updates; the next poller skips them as seen or handles them again");
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
}
