using System.ComponentModel.DataAnnotations;

namespace DevBot.Gateway;

/// <summary>One OpenAI-compatible provider endpoint.</summary>
public sealed class ProviderOptions
{
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Lease keys from the provider's pool; off for the scripted server, which needs none.</summary>
    public bool UseKeyPool { get; set; } = true;

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
}
