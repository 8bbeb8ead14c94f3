using System.Globalization;
using System.Text.Json;

namespace DevBot.Gateway.Http;

/// <summary>
/// The <c>usage</c> object of a provider's answer, field by field as sent (null where a field is absent or
/// unreadable), before any interpretation: <c>prompt_tokens</c>, <c>completion_tokens</c>, <c>total_tokens</c>,
/// <c>prompt_tokens_details.cached_tokens</c>, <c>prompt_tokens_details.cache_write_tokens</c> (OpenRouter),
/// <c>completion_tokens_details.reasoning_tokens</c> and <c>cost</c> (OpenRouter, USD). It is read from the raw body
/// because the SDK drops what OpenAI's own schema lacks (cost, cache writes) and cannot show that Gemini's total
/// counts thoughts that its completion count leaves out. <see cref="BilledTokens"/> turns it into what is charged.
/// </summary>
public sealed record ProviderUsage(
    long? PromptTokens,
    long? CompletionTokens,
    long? TotalTokens,
    long? CachedTokens,
    long? CacheWriteTokens,
    long? ReasoningTokens,
    decimal? CostUsd)
{
    /// <summary>The usage of a response body, or null when the body is not a JSON object with a usage object.</summary>
    public static ProviderUsage? FromBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("usage", out var usage)
                ? From(usage)
                : null;
        }
        catch (JsonException)
        {
            // Unreadable bodies are the SDK's to reject; there is no usage to read.
            return null;
        }
    }

    /// <summary>Reads a usage object tolerantly: numbers or numeric strings; negative or fractional counts count as absent.</summary>
    public static ProviderUsage? From(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var promptDetails = Child(usage, "prompt_tokens_details");
        var completionDetails = Child(usage, "completion_tokens_details");
        return new ProviderUsage(
            Count(usage, "prompt_tokens"),
            Count(usage, "completion_tokens"),
            Count(usage, "total_tokens"),
            promptDetails is { } p ? Count(p, "cached_tokens") : null,
            promptDetails is { } w ? Count(w, "cache_write_tokens") : null,
            completionDetails is { } c ? Count(c, "reasoning_tokens") : null,
            Money(usage, "cost"));
    }

    private static JsonElement? Child(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static long? Count(JsonElement parent, string name) =>
        Number(parent, name) is { } value && value >= 0 && value == decimal.Truncate(value) && value <= long.MaxValue ? (long)value : null;

    private static decimal? Money(JsonElement parent, string name) =>
        Number(parent, name) is { } value && value >= 0 ? value : null;

    private static decimal? Number(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
