using System.Globalization;
using System.Text.Json;

namespace DevBot.Grains.Pricing;

/// <summary>
/// Reads OpenRouter's <c>GET /api/v1/models</c> response: <c>data[].id</c>, <c>data[].pricing.prompt</c>,
/// <c>.completion</c> and <c>.image</c> (USD per token / per image, as decimal strings), the optional
/// <c>.input_cache_read</c> and <c>.input_cache_write</c> (USD per cached-input / cache-written token; absent for
/// models without prompt caching) and <c>context_length</c>
/// (https://openrouter.ai/docs/api-reference/list-available-models). Entries that cannot be priced (missing,
/// non-numeric or negative figures, as OpenRouter uses for routers with variable prices) are rejected with a reason
/// rather than priced at zero; so are entries whose cache prices are present but unreadable, rather than have
/// their cached tokens silently priced as input.
/// </summary>
public static class OpenRouterPricingParser
{
    private const decimal TokensPerMillion = 1_000_000m;

    /// <exception cref="FormatException">The text is not JSON or has no <c>data</c> array.</exception>
    public static (List<OpenRouterModelPrice> Prices, List<string> Rejected) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The OpenRouter models response is not valid JSON: " + ex.Message, ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The OpenRouter models response has no 'data' array.");
            }

            var prices = new List<OpenRouterModelPrice>();
            var rejected = new List<string>();
            foreach (var entry in data.EnumerateArray())
            {
                var id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
                if (string.IsNullOrWhiteSpace(id))
                {
                    rejected.Add("(entry without id)");
                    continue;
                }

                if (!entry.TryGetProperty("pricing", out var pricing) || pricing.ValueKind != JsonValueKind.Object)
                {
                    rejected.Add($"{id}: no pricing");
                    continue;
                }

                var prompt = PerToken(pricing, "prompt", required: true);
                var completion = PerToken(pricing, "completion", required: true);
                var image = PerToken(pricing, "image", required: false);
                if (prompt is null || completion is null || image is null)
                {
                    rejected.Add($"{id}: prices missing, not numeric or negative");
                    continue;
                }

                if (!OptionalPerToken(pricing, "input_cache_read", out var cacheRead) || !OptionalPerToken(pricing, "input_cache_write", out var cacheWrite))
                {
                    rejected.Add($"{id}: cache prices not numeric or negative");
                    continue;
                }

                int? context = entry.TryGetProperty("context_length", out var ctx) && ctx.ValueKind == JsonValueKind.Number && ctx.TryGetInt32(out var c) ? c : null;
                // openrouter.ai/docs/features/structured-outputs: models that take a json_schema response_format list
                // "structured_outputs" among their supported_parameters.
                bool? structured = entry.TryGetProperty("supported_parameters", out var supported) && supported.ValueKind == JsonValueKind.Array
                    ? supported.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.String && p.GetString() == "structured_outputs")
                    : null;
                prices.Add(new OpenRouterModelPrice(id, prompt.Value * TokensPerMillion, completion.Value * TokensPerMillion, image.Value, context,
                    cacheRead * TokensPerMillion, cacheWrite * TokensPerMillion, structured));
            }

            return (prices, rejected);
        }
    }

    /// <summary>False when the price is there but unreadable; <paramref name="price"/> is null when it is not there.</summary>
    private static bool OptionalPerToken(JsonElement pricing, string name, out decimal? price)
    {
        price = null;
        if (!pricing.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        price = PerToken(pricing, name, required: true);
        return price is not null;
    }

    private static decimal? PerToken(JsonElement pricing, string name, bool required)
    {
        if (!pricing.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? null : 0m;
        }

        decimal parsed;
        if (value.ValueKind == JsonValueKind.String)
        {
            if (!decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out parsed))
            {
                return null;
            }
        }
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out parsed))
        {
            return null;
        }

        return parsed < 0 ? null : parsed;
    }
}
