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
}
