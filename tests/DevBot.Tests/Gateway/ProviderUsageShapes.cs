namespace DevBot.Tests.Gateway;

/// <summary>
/// Usage objects in the shapes real providers send, for the scripted server to answer with verbatim. Field names and
/// nesting follow the cited sources; the numbers are chosen so that each way of counting gives a different bill.
/// </summary>
public static class ProviderUsageShapes
{
    /// <summary>
    /// (a) Gemini through its OpenAI-compatible endpoint (https://ai.google.dev/gemini-api/docs/openai) with thinking:
    /// <c>completion_tokens</c> is the answer only and <c>total_tokens</c> also counts the thoughts, so total exceeds
    /// prompt + completion. Google's compatibility page shows no usage object; the shape is the mapping of Gemini's
    /// <c>usageMetadata</c>, which reports <c>thoughtsTokenCount</c> apart from <c>candidatesTokenCount</c>
    /// (https://ai.google.dev/api/generate-content#UsageMetadata) and counts the thoughts in <c>totalTokenCount</c>, as
    /// seen in https://github.com/vercel/ai/issues/6082 (total 11,476 = 7,477 prompt + 2,060 answer + 1,939 thoughts,
    /// the answer alone reported as completion tokens). The numbers are those
    /// of a real gemini-2.5-flash answer in https://github.com/mozilla-ai/any-llm/issues/1290: prompt 20, answer 198,
    /// thoughts 405, total 623. Billed output: 623 − 20 = 603.
    /// </summary>
    public const string GeminiThinking = """
        {"prompt_tokens": 20, "completion_tokens": 198, "total_tokens": 623}
        """;

    /// <summary>
    /// (b) OpenRouter, as in https://openrouter.ai/docs/use-cases/usage-accounting ("Response Format"): <c>cost</c>
    /// (USD; authoritative), <c>cost_details.upstream_inference_cost</c>, <c>prompt_tokens_details.cached_tokens</c>
    /// and <c>.cache_write_tokens</c> (parts of prompt_tokens), <c>completion_tokens_details.reasoning_tokens</c>
    /// (part of completion_tokens: OpenRouter normalises to OpenAI's counting, and "reasoning tokens are considered
    /// output tokens and charged accordingly", https://openrouter.ai/docs/use-cases/reasoning-tokens).
    /// </summary>
    public const string OpenRouterWithCost = """
        {"completion_tokens": 700, "completion_tokens_details": {"reasoning_tokens": 500},
         "cost": 0.012345, "cost_details": {"upstream_inference_cost": null},
         "prompt_tokens": 10000, "prompt_tokens_details": {"cached_tokens": 8000, "cache_write_tokens": 0, "audio_tokens": 0},
         "total_tokens": 10700}
        """;

    /// <summary>(b) without <c>cost</c> and with cache writes: 6,000 tokens read from the cache, 1,000 written to it.</summary>
    public const string OpenRouterCacheWritesWithoutCost = """
        {"completion_tokens": 700, "completion_tokens_details": {"reasoning_tokens": 500},
         "prompt_tokens": 10000, "prompt_tokens_details": {"cached_tokens": 6000, "cache_write_tokens": 1000, "audio_tokens": 0},
         "total_tokens": 10700}
        """;

    /// <summary>
    /// (c) An OpenAI o-series reasoning model, chat completions: the usage object of
    /// https://platform.openai.com/docs/api-reference/chat/object, where <c>completion_tokens_details.reasoning_tokens</c>
    /// is inside <c>completion_tokens</c> (https://platform.openai.com/docs/guides/reasoning: reasoning tokens "are
    /// billed as output tokens") and <c>prompt_tokens_details.cached_tokens</c> inside <c>prompt_tokens</c>
    /// (https://platform.openai.com/docs/guides/prompt-caching). total = prompt + completion: nothing outside.
    /// </summary>
    public const string OpenAiReasoning = """
        {"prompt_tokens": 1200, "completion_tokens": 1500, "total_tokens": 2700,
         "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
         "completion_tokens_details": {"reasoning_tokens": 1280, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}
        """;
}
