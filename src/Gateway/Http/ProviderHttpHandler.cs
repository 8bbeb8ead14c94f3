using System.Net.Http.Headers;
using System.Text.Json;

namespace DevBot.Gateway.Http;

/// <summary>
/// Sits under the OpenAI SDK for one provider: puts the leased key of the current attempt on the request, adds
/// OpenRouter's attribution headers, and records the answer's status, Retry-After and reported cost in the
/// current <see cref="ProviderCallScope"/>.
/// </summary>
public sealed class ProviderHttpHandler(ProviderOptions provider) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = ProviderCallScope.Current;
        if (scope?.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (provider.AppUrl is { } appUrl)
        {
            request.Headers.TryAddWithoutValidation("HTTP-Referer", appUrl);
        }

        if (provider.AppTitle is { } appTitle)
        {
            request.Headers.TryAddWithoutValidation("X-Title", appTitle);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (scope is null)
        {
            return response;
        }

        scope.LastStatus = (int)response.StatusCode;
        scope.RetryAfter = RetryAfter(response);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // Read the body once here for usage.cost, then hand the SDK an identical copy.
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            scope.ReportedCostUsd = ReportedCost(bytes);
            var copy = new ByteArrayContent(bytes);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
        }

        return response;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static decimal? ReportedCost(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                   && usage.TryGetProperty("cost", out var cost) && cost.ValueKind == JsonValueKind.Number
                   && cost.TryGetDecimal(out var value) && value >= 0
                ? value
                : null;
        }
        catch (JsonException)
        {
            // Unreadable bodies are the SDK's to reject; there is no cost to read.
            return null;
        }
    }
}
