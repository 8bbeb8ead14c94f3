using System.Net.Http.Headers;

namespace DevBot.Gateway.Http;

/// <summary>
/// Sits under the OpenAI SDK for one provider: puts the leased key of the current attempt on the request, adds
/// OpenRouter's attribution headers, resolves the prompt's cache breakpoints (<see cref="PromptCaching"/>), and
/// records the answer's status, Retry-After and usage object (with OpenRouter's
/// cost) in the current <see cref="ProviderCallScope"/>. This is the one place that reads a provider's usage.
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

        if (request.Content is { } content && request.Method == HttpMethod.Post)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken);
            if (PromptCaching.Rewrite(body, provider) is { } rewritten)
            {
                var replaced = new ByteArrayContent(rewritten);
                foreach (var header in content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
                {
                    replaced.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content = replaced;
            }
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
            // Read the body once here for the usage object, then hand the SDK an identical copy.
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            scope.Usage = ProviderUsage.FromBody(bytes);
            scope.ReportedCostUsd = scope.Usage?.CostUsd;
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
}
