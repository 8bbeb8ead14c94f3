namespace DevBot.ScriptedModels;

/// <summary>
/// What the server answered for one role so far (successful answers only): calls, the usage it reported (input
/// tokens, the cached and cache-written parts of them, output tokens) and the model time it simulated (unscaled).
/// </summary>
public sealed record ScriptedRoleTotals(long Calls, long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens, TimeSpan ModelTime)
{
    public static ScriptedRoleTotals Empty { get; } = new(0, 0, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Cached input tokens as a share of input tokens (0 without input).</summary>
    public double CachedShare => InputTokens == 0 ? 0 : (double)CachedInputTokens / InputTokens;
}
