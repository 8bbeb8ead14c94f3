namespace DevBot.ScriptedModels;

/// <summary>
/// Which requests fail and how: forced faults first (in order), then keys that always fail, then random faults at
/// the configured rates (seeded, so a run can be repeated).
/// </summary>
public sealed class FaultPlan
{
    private readonly Queue<ScriptedFault> _forced = new();
    private readonly Dictionary<string, ScriptedFault> _byKey = new(StringComparer.Ordinal);
    private Random _random = new(42);

    public double RateLimitedRate { get; set; }

    public double ServerErrorRate { get; set; }

    public double SlowRate { get; set; }

    public double MalformedRate { get; set; }

    public double TruncatedRate { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seconds sent in Retry-After with a 429; null sends none.</summary>
    public int? RetryAfterSeconds { get; set; } = 1;

    public void Seed(int seed)
    {
        lock (_forced)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>The next requests get these faults, one each.</summary>
    public void Force(params ScriptedFault[] faults)
    {
        lock (_forced)
        {
            foreach (var fault in faults)
            {
                _forced.Enqueue(fault);
            }
        }
    }

    /// <summary>Every request made with this API key gets <paramref name="fault"/> (None clears it).</summary>
    public void ForKey(string apiKey, ScriptedFault fault)
    {
        lock (_forced)
        {
            if (fault == ScriptedFault.None)
            {
                _byKey.Remove(apiKey);
            }
            else
            {
                _byKey[apiKey] = fault;
            }
        }
    }

    public void Clear()
    {
        lock (_forced)
        {
            _forced.Clear();
            _byKey.Clear();
            RateLimitedRate = ServerErrorRate = SlowRate = MalformedRate = TruncatedRate = 0;
        }
    }

    public ScriptedFault Next(string? apiKey)
    {
        lock (_forced)
        {
            if (_forced.TryDequeue(out var forced))
            {
                return forced;
            }

            if (apiKey is not null && _byKey.TryGetValue(apiKey, out var keyed))
            {
                return keyed;
            }

            var roll = _random.NextDouble();
            foreach (var (rate, fault) in new[]
                     {
                         (RateLimitedRate, ScriptedFault.RateLimited), (ServerErrorRate, ScriptedFault.ServerError),
                         (SlowRate, ScriptedFault.Slow), (MalformedRate, ScriptedFault.Malformed), (TruncatedRate, ScriptedFault.Truncated),
                     })
            {
                if (roll < rate)
                {
                    return fault;
                }

                roll -= rate;
            }

            return ScriptedFault.None;
        }
    }
}
