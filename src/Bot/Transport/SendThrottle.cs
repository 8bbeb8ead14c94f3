using DevBot.Bot.Options;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Transport;

/// <summary>
/// Keeps outgoing messages within Telegram's limits before Telegram has to refuse them: at most one per
/// <see cref="BotOptions.PerChatInterval"/> per chat and <see cref="BotOptions.GlobalMessagesPerSecond"/> overall.
/// Each send books the earliest slot free on both and waits for it; nothing spins.
/// </summary>
public sealed class SendThrottle(IOptions<BotOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _nextPerChat = [];
    private DateTimeOffset _nextGlobal = DateTimeOffset.MinValue;
    private long _bookings;

    public async Task WaitAsync(long chatId, CancellationToken cancellationToken)
    {
        var perChat = options.Value.PerChatInterval;
        var global = TimeSpan.FromSeconds(1.0 / options.Value.GlobalMessagesPerSecond);
        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            slot = now;
            if (_nextPerChat.TryGetValue(chatId, out var chatNext) && chatNext > slot)
            {
                slot = chatNext;
            }

            if (_nextGlobal > slot)
            {
                slot = _nextGlobal;
            }

            _nextPerChat[chatId] = slot + perChat;
            _nextGlobal = slot + global;
            if (++_bookings % 1024 == 0)
            {
                // Chats that have been quiet for a while need no entry.
                foreach (var stale in _nextPerChat.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    _nextPerChat.Remove(stale);
                }
            }
        }

        var wait = slot - now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
