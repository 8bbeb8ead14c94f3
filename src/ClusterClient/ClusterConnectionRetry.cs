using Microsoft.Extensions.Logging;

namespace DevBot.ClusterClient;

/// <summary>
/// Whether and when a client tries again to join the cluster when no silo answers at start-up: a long-running client
/// (the bot) keeps trying, with pauses growing from one second to <see cref="LongestPause"/>, and says so once; a
/// command-line tool gives up at once. Only the first connection goes through here: once joined, the Orleans client
/// reconnects by itself (its gateway manager revives dead gateways and re-reads the gateway list), and calls made
/// meanwhile fail until a silo answers, which the callers retry.
/// </summary>
public sealed class ClusterConnectionRetry(bool keepTrying, string target, ILogger<ClusterConnectionRetry> logger, Action<string>? announce) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    private TimeSpan _pause = TimeSpan.FromSeconds(1);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (!keepTrying || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (_attempts++ == 0)
        {
            announce?.Invoke($"DevBot's server ({target}) does not answer yet; reconnecting…");
        }

        logger.LogWarning("The cluster ({Target}) does not answer ({Reason}); trying again in {Pause}", target, exception.Message, _pause);
        await Task.Delay(_pause, cancellationToken);
        _pause = TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, LongestPause.Ticks));
        return true;
    }
}
