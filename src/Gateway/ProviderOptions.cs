using System.ComponentModel.DataAnnotations;

namespace DevBot.Gateway;

/// <summary>One OpenAI-compatible provider endpoint.</summary>
public sealed class ProviderOptions
{
    /// <summary>The endpoint; a <see cref="Profile"/> gives a default.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// A local server's defaults (<see cref="LocalProfiles"/>: <c>ollama</c>, <c>llamacpp</c>, <c>vllm</c>, <c>lmstudio</c>):
    /// its usual base URL, no key pool, a price of zero unless one is set, and its default context window. Settings
    /// given beside the profile win.
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>Lease keys from the provider's pool; off for local servers and the scripted server, which need none.</summary>
    public bool? UseKeyPool { get; set; }

    /// <summary>
    /// The one bearer token of a provider without a key pool (vLLM started with <c>--api-key</c>); from the environment
    /// only (<c>Models__Providers__NAME__ApiKey</c>), never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>OpenRouter's app attribution headers (HTTP-Referer, X-Title); sent when set.</summary>
    public string? AppUrl { get; set; }

    public string? AppTitle { get; set; }

    /// <summary>
    /// The provider's models take a JSON schema as <c>response_format</c> (Gemini's OpenAI-compatible endpoint does).
    /// When off, a request's schema is left out and the answer is parsed tolerantly instead. Providers reject a schema
    /// together with tools (Gemini: "Function calling with a response mime type: 'application/json' is unsupported"),
    /// so DevBot only asks for one in requests without tools.
    /// </summary>
    public bool StructuredOutput { get; set; }

    /// <summary>
    /// Model-name prefixes (comma-separated) whose prompts get explicit cache breakpoints (<c>cache_control</c> on the
    /// stable content parts, see <see cref="PromptCaching"/>): models that cache only where told to. OpenRouter's
    /// default is <c>anthropic/</c>; Gemini and OpenAI models cache implicitly and need none.
    /// </summary>
    public string? CacheBreakpointModels { get; set; }

    /// <summary>
    /// The models' context window in tokens (prompt and answer together), as the server was started with (Ollama's
    /// <c>OLLAMA_CONTEXT_LENGTH</c>, llama.cpp's <c>-c</c>, vLLM's <c>--max-model-len</c>, LM Studio's context length).
    /// A prompt that would not fit is logged and trimmed (tool results and earlier turns first, never the instructions);
    /// unset: no limit is enforced.
    /// </summary>
    [Range(256, 100_000_000)]
    public int? ContextTokens { get; set; }

    /// <summary>
    /// The operator's own cost per million input tokens of this provider's models (electricity, a rented GPU), written
    /// to the price catalogue for every model the roles name at this provider; with <see cref="OutputUsdPerMillionTokens"/>.
    /// A provider without a key pool and without a price is free (zero).
    /// </summary>
    [Range(typeof(decimal), "0", "100000")]
    public decimal? InputUsdPerMillionTokens { get; set; }

    [Range(typeof(decimal), "0", "100000")]
    public decimal? OutputUsdPerMillionTokens { get; set; }

    /// <summary>Whether requests lease keys from the provider's pool (default: yes, except with a local profile).</summary>
    public bool KeyPool => UseKeyPool ?? LocalProfiles.Find(Profile) is null;

    /// <summary>The base URL given, else the profile's.</summary>
    public Uri? EffectiveBaseUrl => BaseUrl ?? LocalProfiles.Find(Profile)?.BaseUrl;

    /// <summary>The context window given, else the profile's default.</summary>
    public int? EffectiveContextTokens => ContextTokens ?? LocalProfiles.Find(Profile)?.ContextTokens;

    /// <summary>A price configured for this provider's models, if any: the one given, else zero for a provider without a key pool.</summary>
    public (decimal Input, decimal Output, string Source)? ConfiguredPrice(string providerName)
    {
        if (InputUsdPerMillionTokens is not null || OutputUsdPerMillionTokens is not null)
        {
            return (InputUsdPerMillionTokens ?? 0m, OutputUsdPerMillionTokens ?? 0m, $"configuration: Models:Providers:{providerName} (the operator's own cost)");
        }

        return KeyPool ? null : (0m, 0m, $"configuration: Models:Providers:{providerName} has no key pool and no price (free)");
    }
}
