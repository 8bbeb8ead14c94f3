using DevBot.Bot.Options;
using DevBot.GrainInterfaces.FrontEnd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace DevBot.Bot.Telegram;

/// <summary>
/// The bot token's lease in the cluster: Telegram serves one poller (or one webhook) per token, so one process at a
/// time polls or registers, and relays project events.
/// </summary>
public sealed class TelegramLease(ITelegramBotClient bot, IGrainFactory grains, IOptions<BotOptions> options, ILogger<TelegramLease> logger)
{
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>One lease per bot, named by its numeric id (never the token).</summary>
    public string Name => $"telegram-updates:{bot.BotId}";

    /// <summary>Takes or renews the lease; false while another process holds it.</summary>
    public Task<bool> TryAcquireAsync() => grains.GetGrain<IFrontEndGrain>(0).TryAcquireLeaseAsync(Name, _holder, options.Value.LeaseDuration);

    /// <summary>Gives the lease up at shutdown so another process can take over at once (it expires anyway).</summary>
    public async Task ReleaseAsync()
    {
        try
        {
            await grains.GetGrain<IFrontEndGrain>(0).ReleaseLeaseAsync(Name, _holder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not release the bot's lease; it expires on its own");
        }
    }
}
