namespace DevBot.GrainInterfaces.Keys;

/// <summary>How a request made with a leased key went, as far as the key is concerned.</summary>
public enum KeyOutcome
{
    Success = 0,

    /// <summary>HTTP 429: cool down for the provider's Retry-After (or the default).</summary>
    RateLimited = 1,

    /// <summary>HTTP 401/403: the key is disabled and operators are alerted.</summary>
    Unauthorized = 2,

    /// <summary>HTTP 5xx or a network failure: a short cooldown.</summary>
    ServerError = 3,

    /// <summary>No answer within the request timeout: a short cooldown.</summary>
    Timeout = 4,

    /// <summary>An answer that could not be read; the key is not blamed.</summary>
    Malformed = 5,
}
