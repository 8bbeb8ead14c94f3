using Orleans.Runtime.Messaging;

namespace DevBot.Bot.Console;

/// <summary>
/// Failures that mean "no silo answers right now" (every gateway gone, a silo stopped or restarting), as opposed to a
/// call that reached a grain and failed there. The Orleans client keeps reconnecting by itself (its gateway manager
/// resets dead gateways and refreshes the list), but a call made meanwhile fails with one of these.
/// </summary>
public static class ClusterUnavailable
{
    public static bool Is(Exception exception) => exception switch
    {
        ConnectionFailedException or OrleansMessageRejectionException or GatewayTooBusyException => true,
        // A request whose silo died before answering times out.
        TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
