namespace DevBot.ScriptedModels;

/// <summary>
/// How long the scripted models "think": a log-normal distribution per role fitted to its p50 and p95, in model time,
/// and a <see cref="TimeFactor"/> that scales model time to wall time (0.01: a 20 s Architect answer takes 200 ms).
/// Deterministic: the n-th call of a role gets the same model time in every run with the same seed, whatever the
/// order in which the roles' calls interleave. The server's clock for its prompt cache runs at model time too
/// (wall time ÷ <see cref="TimeFactor"/>), so a 5-minute cache window means five model minutes.
/// <para>Also turns on realistic token counts: a request's input tokens include its tool definitions and the
/// per-message framing a chat model is billed for, not only the message text.</para>
/// </summary>
public sealed class ScriptedLatency
{
    /// <summary>The z-score of the 95th percentile of a standard normal distribution.</summary>
    private const double Z95 = 1.6448536269514722;

    private readonly Dictionary<string, (double Mu, double Sigma)> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sequence = new(StringComparer.Ordinal);

    /// <param name="timeFactor">Wall seconds per model second (0 &lt; factor; 1 = real time).</param>
    /// <param name="architect">The Architect's model-time p50 and p95.</param>
    /// <param name="implementer">The Implementer's model-time p50 and p95.</param>
    /// <param name="seed">Same seed, same latencies.</param>
    /// <param name="other">Embeddings and requests of no known role (default: none).</param>
    public ScriptedLatency(double timeFactor, (TimeSpan P50, TimeSpan P95) architect, (TimeSpan P50, TimeSpan P95) implementer, int seed = 1,
        (TimeSpan P50, TimeSpan P95)? other = null)
    {
        if (!(timeFactor > 0) || double.IsInfinity(timeFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(timeFactor), timeFactor, "The time factor must be a positive number.");
        }

        TimeFactor = timeFactor;
        Seed = seed;
        _roles[ScriptedRoles.Architect] = Fit(architect, nameof(architect));
        _roles[ScriptedRoles.Implementer] = Fit(implementer, nameof(implementer));
        if (other is { } o)
        {
            _roles[ScriptedRoles.Other] = Fit(o, nameof(other));
            _roles[ScriptedRoles.Embedding] = _roles[ScriptedRoles.Other];
        }
    }

    /// <summary>Architect p50 20 s / p95 60 s, Implementer p50 6 s / p95 20 s: what real models took in our runs.</summary>
    public static ScriptedLatency Realistic(double timeFactor, int seed = 1) =>
        new(timeFactor, (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)), (TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20)), seed);

    public double TimeFactor { get; }

    public int Seed { get; }

    /// <summary>The model time of the next call of <paramref name="role"/> (zero for a role without a distribution).</summary>
    public TimeSpan Next(string role)
    {
        if (!_roles.TryGetValue(role, out var fit))
        {
            return TimeSpan.Zero;
        }

        long n;
        lock (_sequence)
        {
            n = _sequence[role] = _sequence.GetValueOrDefault(role) + 1;
        }

        return TimeSpan.FromSeconds(Math.Exp(fit.Mu + (fit.Sigma * StandardNormal(role, n))));
    }

    /// <summary>Model time as wall time.</summary>
    public TimeSpan ToWall(TimeSpan modelTime) => TimeSpan.FromTicks((long)(modelTime.Ticks * TimeFactor));

    private static (double Mu, double Sigma) Fit((TimeSpan P50, TimeSpan P95) percentiles, string name)
    {
        var (p50, p95) = percentiles;
        if (p50 <= TimeSpan.Zero || p95 < p50)
        {
            throw new ArgumentOutOfRangeException(name, percentiles, "p50 must be positive and p95 at least p50.");
        }

        // ln X ~ N(mu, sigma): the median is e^mu, the 95th percentile e^(mu + 1.645 sigma).
        var mu = Math.Log(p50.TotalSeconds);
        return (mu, (Math.Log(p95.TotalSeconds) - mu) / Z95);
    }

    /// <summary>A standard normal draw that depends only on the seed, the role and the call's number (Box–Muller).</summary>
    private double StandardNormal(string role, long n)
    {
        // string.GetHashCode is randomised per process; a fixed FNV hash of the role keeps runs repeatable.
        var roleHash = 14695981039346656037UL;
        foreach (var c in role)
        {
            roleHash = (roleHash ^ c) * 1099511628211UL;
        }

        var random = new Random(unchecked((int)Mix(roleHash ^ ((ulong)Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)n * 0xC2B2AE3D27D4EB4FUL))));
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>SplitMix64's finaliser: neighbouring call numbers get unrelated seeds.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
