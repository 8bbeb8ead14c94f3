using System.Text;
using System.Text.Json.Nodes;

namespace DevBot.Gateway;

/// <summary>
/// Prompt caching. Providers cache a prompt's prefix: Gemini 2.5 and OpenAI implicitly (a request that starts with
/// the same ≥ 1,024 tokens as a recent one is billed those tokens at the cached rate), Anthropic only up to the
/// content parts marked <c>"cache_control": {"type": "ephemeral"}</c> (through OpenRouter too:
/// openrouter.ai/docs/features/prompt-caching — at most four breakpoints a request). So prompts put what stays the
/// same first (system prompt, architecture, requirements, repo map) and the item last, and end each stable section with
/// <see cref="Marker"/>. The HTTP handler takes the markers out of every request; for models that cache only
/// explicitly (<see cref="ProviderOptions.CacheBreakpointModels"/>) it splits the message there into text parts and
/// puts <c>cache_control</c> on the part before each marker (the last four).
/// </summary>
public static class PromptCaching
{
    /// <summary>Ends a stable section of a prompt; never reaches a model.</summary>
    public const string Marker = "[devbot:cache-breakpoint]";

    /// <summary>Anthropic's limit of breakpoints per request.</summary>
    public const int MaxBreakpoints = 4;

    private static readonly byte[] MarkerUtf8 = Encoding.UTF8.GetBytes(Marker);

    /// <summary>Text with any marker removed: what a value inserted into a prompt must be, so only templates place breakpoints.</summary>
    public static string Neutralize(string text) => text.Contains(Marker, StringComparison.Ordinal) ? text.Replace(Marker, string.Empty, StringComparison.Ordinal) : text;

    /// <summary>Whether <paramref name="model"/> caches only at explicit breakpoints, by the provider's model-name prefixes.</summary>
    public static bool WantsBreakpoints(ProviderOptions provider, string? model) =>
        model is not null && (provider.CacheBreakpointModels ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(prefix => model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The chat request body with its markers resolved, or null when it has none (the common case costs one byte
    /// search, no parse).
    /// </summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> body, ProviderOptions provider)
    {
        if (body.IndexOf(MarkerUtf8) < 0 || JsonNode.Parse(body) is not JsonObject request || request["messages"] is not JsonArray messages)
        {
            return null;
        }

        var breakpoints = WantsBreakpoints(provider, request["model"] is JsonValue m && m.TryGetValue<string>(out var model) ? model : null);
        var marked = new List<JsonObject>();
        foreach (var message in messages.OfType<JsonObject>())
        {
            switch (message["content"])
            {
                case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains(Marker, StringComparison.Ordinal):
                    if (breakpoints)
                    {
                        message["content"] = Parts(text.Split(Marker), marked);
                    }
                    else
                    {
                        message["content"] = text.Replace(Marker, string.Empty, StringComparison.Ordinal);
                    }

                    break;
                case JsonArray parts:
                    var rebuilt = new JsonArray();
                    foreach (var part in parts.ToList())
                    {
                        parts.Remove(part);
                        if (part is JsonObject { } textPart && textPart["text"] is JsonValue t && t.TryGetValue<string>(out var partText)
                            && partText.Contains(Marker, StringComparison.Ordinal))
                        {
                            if (breakpoints)
                            {
                                foreach (var piece in Parts(partText.Split(Marker), marked).ToList())
                                {
                                    rebuilt.Add(piece?.DeepClone());
                                }

                                continue;
                            }

                            textPart["text"] = partText.Replace(Marker, string.Empty, StringComparison.Ordinal);
                        }

                        rebuilt.Add(part);
                    }

                    message["content"] = rebuilt;
                    break;
            }
        }

        // Anthropic refuses more than four breakpoints; the last ones cover the longest prefixes.
        foreach (var part in marked.Take(Math.Max(0, marked.Count - MaxBreakpoints)))
        {
            part.Remove("cache_control");
        }

        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    private static JsonArray Parts(string[] pieces, List<JsonObject> marked)
    {
        var parts = new JsonArray();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Length == 0)
            {
                continue;
            }

            var part = new JsonObject { ["type"] = "text", ["text"] = pieces[i] };
            if (i < pieces.Length - 1)
            {
                part["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
                marked.Add(part);
            }

            parts.Add(part);
        }

        return parts;
    }
}
