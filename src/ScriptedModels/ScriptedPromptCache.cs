using System.Collections.Concurrent;

namespace DevBot.ScriptedModels;

/// <summary>
/// A provider's prompt cache as the scripted server plays it: the longest prefix of a request that an earlier request
/// to the same model sent within <see cref="Window"/> (in model time) is reported as cached input tokens.
/// <list type="bullet">
/// <item>Implicit caching (OpenAI, Gemini 2.5, DeepSeek …): prefixes are matched in blocks of
/// <see cref="BlockTokens"/> tokens, and only from <see cref="MinTokens"/> on (OpenAI: 1,024 tokens, then 128-token
/// steps — platform.openai.com/docs/guides/prompt-caching).</item>
/// <item>Explicit caching (Anthropic, also through OpenRouter): nothing is cached unless the request marks cache
/// breakpoints (<c>cache_control</c> on a content part); the prefix up to a breakpoint is read from the cache when
/// it was written before, otherwise written (reported as <c>cache_write_tokens</c>, as OpenRouter does).</item>
/// </list>
/// The prefix is the request as a model reads it: tool definitions, then each message's role and text, in order.
/// Tokens are counted at four characters each, like the server's other counts.
/// </summary>
public sealed class ScriptedPromptCache
{
    private readonly ConcurrentDictionary<(string Model, bool Explicit, ulong Hash, int Length), DateTimeOffset> _entries = new();
    private int _writesSincePrune;

    /// <param name="window">How long an unused prefix stays cached, in model time (default five minutes).</param>
    /// <param name="minTokens">The shortest prefix that is cached (default 1,024 tokens).</param>
    /// <param name="blockTokens">The granularity of implicit matches (default 128 tokens).</param>
    public ScriptedPromptCache(TimeSpan? window = null, int minTokens = 1024, int blockTokens = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        Window = window ?? TimeSpan.FromMinutes(5);
        MinTokens = minTokens;
        BlockTokens = blockTokens;
    }

    public TimeSpan Window { get; }

    public int MinTokens { get; }

    public int BlockTokens { get; }

    /// <summary>Models that cache only at explicit breakpoints: Anthropic's (<c>anthropic/…</c>, <c>…claude…</c>).</summary>
    public static bool IsExplicitOnly(string model) =>
        model.StartsWith("anthropic/", StringComparison.OrdinalIgnoreCase) || model.Contains("claude", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The cached and newly written tokens of a request whose prefix text is <paramref name="prefix"/>, with
    /// breakpoints at the given character offsets (empty: none), seen at model time <paramref name="now"/>; records it.
    /// </summary>
    public (int Cached, int Written) Observe(string model, string prefix, IReadOnlyList<int> breakpoints, DateTimeOffset now)
    {
        var explicitOnly = IsExplicitOnly(model);
        if (explicitOnly && breakpoints.Count == 0)
        {
            return (0, 0);
        }

        var blockChars = BlockTokens * 4;
        var ends = explicitOnly
            ? breakpoints.Where(b => b > 0 && b <= prefix.Length).Distinct().Order().ToList()
            : Enumerable.Range(1, prefix.Length / blockChars).Select(k => k * blockChars).ToList();
        ends.RemoveAll(end => end / 4 < MinTokens);
        if (ends.Count == 0)
        {
            return (0, 0);
        }

        // One pass of FNV-1a over the prefix, reading the running hash at each candidate end.
        var hashes = new ulong[ends.Count];
        var hash = 14695981039346656037UL;
        var next = 0;
        for (var i = 0; i < prefix.Length && next < ends.Count; i++)
        {
            hash = (hash ^ prefix[i]) * 1099511628211UL;
            while (next < ends.Count && ends[next] == i + 1)
            {
                hashes[next++] = hash;
            }
        }

        var cachedChars = 0;
        for (var k = ends.Count - 1; k >= 0; k--)
        {
            if (_entries.TryGetValue((model, explicitOnly, hashes[k], ends[k]), out var seen) && now - seen <= Window)
            {
                cachedChars = ends[k];
                break;
            }
        }

        for (var k = 0; k < ends.Count; k++)
        {
            _entries[(model, explicitOnly, hashes[k], ends[k])] = now;
        }

        PruneNowAndThen(now, ends.Count);
        var written = explicitOnly ? Math.Max(0, (ends[^1] - cachedChars) / 4) : 0;
        return (cachedChars / 4, written);
    }

    public void Clear() => _entries.Clear();

    private void PruneNowAndThen(DateTimeOffset now, int writes)
    {
        if (Interlocked.Add(ref _writesSincePrune, writes) < 100_000)
        {
            return;
        }

        Interlocked.Exchange(ref _writesSincePrune, 0);
        foreach (var entry in _entries)
        {
            if (now - entry.Value > Window)
            {
                _entries.TryRemove(entry.Key, out _);
            }
        }
    }
}
