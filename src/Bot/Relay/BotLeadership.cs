namespace DevBot.Bot.Relay;

/// <summary>
/// Whether this process is the one that talks to Telegram for its token (it holds the poller's lease); only the
/// leader relays project events, so no user hears about one event twice from two processes.
/// </summary>
public sealed class BotLeadership
{
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    public void Set(bool isLeader) => _isLeader = isLeader;
}
