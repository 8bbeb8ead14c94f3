using DevBot.Gateway.Http;
using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// The tokens one request is charged for, in one meaning whatever the provider: <see cref="InputTokens"/> is every
/// prompt token, <see cref="CachedInputTokens"/> and <see cref="CacheWriteTokens"/> parts of it;
/// <see cref="OutputTokens"/> is every billed output token, the answer and the thoughts, <see cref="ReasoningTokens"/>
/// the thinking part of it.
/// </summary>
public sealed record BilledTokens(long InputTokens, long OutputTokens, long CachedInputTokens, long CacheWriteTokens, long ReasoningTokens)
{
    /// <summary>
    /// What a provider's usage object bills, or null when it lacks the prompt count or any output count.
    /// Providers disagree on where thinking is counted, so output is the largest reading that fits the figures:
    /// <list type="bullet">
    /// <item>OpenAI (and OpenRouter, which normalises to it): <c>completion_tokens</c> already contains
    /// <c>completion_tokens_details.reasoning_tokens</c>, and <c>total_tokens</c> = prompt + completion.</item>
    /// <item>Gemini's OpenAI-compatible endpoint: <c>completion_tokens</c> is the answer only; the thoughts show in
    /// <c>total_tokens</c>, which exceeds prompt + completion; output is then total − prompt.</item>
    /// <item>A reasoning count larger than the completion count cannot be inside it, so it is added to it.</item>
    /// </list>
    /// Each reading only ever raises the output, so a thinking model is never undercharged. Cached and cache-written
    /// counts are clamped into the prompt count, cheaper cached reads giving way first.
    /// </summary>
    public static BilledTokens? Of(ProviderUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.PromptTokens is not { } prompt || prompt < 0 || usage.CompletionTokens < 0
            || (usage.CompletionTokens is null && usage.TotalTokens is null))
        {
            return null;
        }

        var completion = usage.CompletionTokens;
        var reported = Math.Max(usage.ReasoningTokens ?? 0, 0);
        var output = completion ?? 0;
        if (usage.TotalTokens is { } total)
        {
            output = Math.Max(output, total - prompt);
        }

        if (completion is { } answer && reported > answer)
        {
            output = Math.Max(output, answer + reported);
        }

        output = Math.Max(output, reported);
        // Thoughts are whatever output lies outside the completion count, or the reported count if that is larger.
        var reasoning = Math.Max(reported, output - (completion ?? output));
        var cacheWrite = Math.Clamp(usage.CacheWriteTokens ?? 0, 0, prompt);
        var cached = Math.Clamp(usage.CachedTokens ?? 0, 0, prompt - cacheWrite);
        return new BilledTokens(prompt, output, cached, cacheWrite, reasoning);
    }

    /// <summary>
    /// What Microsoft.Extensions.AI reported (its OpenAI adapter maps <c>prompt_tokens</c>, <c>completion_tokens</c>,
    /// <c>total_tokens</c>, <c>cached_tokens</c> and <c>reasoning_tokens</c>; it has no cache writes), for answers
    /// whose body the HTTP handler could not read. Null without usage.
    /// </summary>
    public static BilledTokens? Of(UsageDetails? usage) =>
        usage is null
            ? null
            : Of(new ProviderUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount,
                null, usage.ReasoningTokenCount, null));
}
