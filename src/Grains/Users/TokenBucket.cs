namespace DevBot.Grains.Users;

/// <summary>A token bucket: <c>capacity</c> tokens, refilled continuously at <c>perMinute</c> tokens a minute.</summary>
public sealed class TokenBucket(int capacity, int perMinute, TimeProvider time)
{
    private double _tokens = capacity;
    private long _lastRefill = time.GetTimestamp();

    /// <summary>Takes one token if there is one; otherwise says how long until there will be.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryTake()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        var perSecond = perMinute / 60.0;
        _tokens = Math.Min(capacity, _tokens + elapsed.TotalSeconds * perSecond);
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return (true, TimeSpan.Zero);
        }

        return (false, TimeSpan.FromSeconds((1 - _tokens) / perSecond));
    }
}
